"""The ASGI application: Django for HTTP, channels for websockets (session-authenticated, with
the Origin header checked against ALLOWED_HOSTS, and the second factor as on the pages)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wemi_community.settings.dev")

# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from .accounts.websocket import SecondFactorScopeMiddleware  # noqa: E402
from .routing import collect_websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            # A session still owing its second factor is anonymous here, as on the pages.
            AuthMiddlewareStack(
                SecondFactorScopeMiddleware(URLRouter(collect_websocket_urlpatterns()))
            )
        ),
    }
)
