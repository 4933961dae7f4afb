"""Websockets see the second factor as the pages do: a session that still has a step to do
(``mfa.pending_step_of_session``) is anonymous to every consumer. Installed inside
channels' AuthMiddlewareStack (wemi_community/asgi.py), so the user is known."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser

from . import mfa


@database_sync_to_async
def _pending(scope) -> bool:
    return mfa.pending_step_of_session(scope["session"], scope["user"]) is not None


class SecondFactorScopeMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None and user.is_authenticated and await _pending(scope):
            scope = {**scope, "user": AnonymousUser()}
        return await super().__call__(scope, receive, send)
