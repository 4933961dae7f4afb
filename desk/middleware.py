"""Assisted sessions on every request. While an operator's session is open, the ordinary
pages see the person as the one signed in (``request.user``) and the operator as
``request.desk_operator``; the audit trail records each write as the operator's, for the
person, at the desk. Pages that are never done on someone's behalf (password, e-mail, the
admin, data export, deletion) are refused.

Every form of a session's pages carries the session's token (``static/desk/js/assist.js``):
a write from a page of a session that has ended, or that belongs to no session while one
is open, is refused with 409 before anything is written."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from wemi_community.core.audit import assisting

from . import assisted
from .models import AssistedSession

# The open session of this browser: a session is the browser's where it started, and the
# pages of people who never start one cost no query.
SESSION_KEY = "desk_assisted_session"
TOKEN_FIELD = "_wemi_assist"  # noqa: S105 (a form field name)
TOKEN_HEADER = "X-Wemi-Assist"  # noqa: S105 (a header name)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

# Never on behalf: the person's secrets and rights over their data, and any staff page.
NEVER_ON_BEHALF_PREFIXES = ("/admin/", "/django-admin/")
NEVER_ON_BEHALF_URLS = {
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "accounts:email_change",
    "accounts:data_export",
    "accounts:data_export_download",
    "accounts:account_delete",
    # The person's second factor: their phone, their codes.
    "accounts:security",
    "accounts:second_factor_enrol",
    "accounts:recovery_codes",
    "accounts:recovery_codes_regenerate",
    "accounts:second_factor_disable",
    # The person's own password and e-mail, typed by them.
    "desk:activate",
}
NEVER_ON_BEHALF_WRITES = {"accounts:profile"}
# What ends or frames the session itself, and signing out (which ends it).
SESSION_URLS = {"desk:session_end", "accounts:logout", "set_language"}


def _url_name(request) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return match.view_name


def _token_sent(request) -> str:
    token = request.headers.get(TOKEN_HEADER, "")
    if token:
        return token
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.POST.get(TOKEN_FIELD, "")
    return ""


def _refuse(request, status: int, message: str, session=None):
    return render(
        request,
        "desk/session_refused.html",
        {"message": message, "ended_session": session},
        status=status,
    )


class AssistedSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        writes = request.method not in SAFE_METHODS
        session = None
        session_pk = request.session.get(SESSION_KEY)
        if session_pk is not None:
            session = (
                AssistedSession.objects.filter(pk=session_pk, operator=user)
                .select_related("person", "space")
                .first()
            )
            now = timezone.now()
            if session is not None and session.is_open() and session.has_expired(now):
                assisted.session_end(operator=user, session=session, now=now)
                session.refresh_from_db()
                if writes and _url_name(request) not in SESSION_URLS:
                    request.session.pop(SESSION_KEY, None)
                    return self._ended(request, session)
            if session is None or not session.is_open():
                request.session.pop(SESSION_KEY, None)
                session = None
        if session is None:
            if writes and _url_name(request) not in SESSION_URLS:
                ended = assisted.session_by_token(_token_sent(request))
                if ended is not None and ended.operator_id == user.pk:
                    return self._ended(request, ended)
            return self.get_response(request)
        return self._assist(request, user, session, writes)

    def _ended(self, request, session):
        return _refuse(
            request,
            409,
            _(
                "The assisted session for %(name)s has ended (at %(time)s): nothing was "
                "saved. Start a new session from the desk to go on."
            )
            % {
                "name": session.person.display_name,
                "time": timezone.localtime(session.ended_at).strftime("%H:%M"),
            },
            session,
        )

    def _assist(self, request, operator, session, writes):
        url_name = _url_name(request)
        person = session.person
        if (
            request.path_info.startswith(NEVER_ON_BEHALF_PREFIXES)
            or url_name in (NEVER_ON_BEHALF_URLS)
            or (writes and url_name in NEVER_ON_BEHALF_WRITES)
        ):
            request.desk_session = session
            return _refuse(
                request,
                403,
                _(
                    "During an assisted session for %(name)s this page is closed: passwords, "
                    "e-mail, personal data and staff pages are never handled on someone's "
                    "behalf. End the session to use it."
                )
                % {"name": person.display_name},
            )
        if writes and url_name not in SESSION_URLS and _token_sent(request) != session.token:
            return _refuse(
                request,
                409,
                _(
                    "This page was not opened in the assisted session for %(name)s: nothing "
                    "was saved. Reload the page and try again."
                )
                % {"name": person.display_name},
            )
        request.desk_operator = operator
        request.desk_session = session
        request.user = person
        with assisting(operator, person, session.space.title):
            return self.get_response(request)
