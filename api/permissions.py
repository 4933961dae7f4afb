"""Who may use the API: anyone, to read."""

from __future__ import annotations

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """GET, HEAD and OPTIONS only: anything else is a 405 (asked before the view's handler
    is chosen, so this is what answers a POST)."""

    def has_permission(self, request, view) -> bool:
        if request.method not in SAFE_METHODS:
            raise MethodNotAllowed(request.method)
        return True
