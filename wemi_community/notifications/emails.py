"""The notification e-mails, built but not sent: one per notification, or one digest a day.

Each message is written in its recipient's language, as HTML and plain text, with absolute
links from ``SITE_URL`` and a one-click unsubscribe link (also in the ``List-Unsubscribe``
headers, RFC 2369 and RFC 8058). ``tasks.py`` decides what to send and sends it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from cms_templates.links import site_url
from wemi_community.accounts.views import url_in_language

from . import kinds
from .unsubscribe import ALL, make_token, unsubscribe_url

# A digest lists at most this many notifications; the rest wait on the site.
DIGEST_ITEM_LIMIT = 50
# The in-app list (the home page while its module is not installed).
INBOX_URL_NAME = "notifications:list"
SUBJECT_LENGTH = 150
# A digest quotes this many characters of each excerpt.
EXCERPT_LENGTH = 200
# What reverse() leaves unquoted in a path argument.
_URL_SAFE = RFC3986_SUBDELIMS + "/~:@"
# Format characters that print seconds or finer: without them, one date per minute is enough.
_SECONDS = set("suUcrB")


def language_of(user) -> str:
    available = dict(settings.LANGUAGES)
    language = getattr(user, "preferred_language", None)
    return language if language in available else settings.LANGUAGE_CODE


@lru_cache(maxsize=4096)
def _path_in_language(path: str, language: str) -> str:
    # Resolving a path is the costly part of a digest's links, and many items share one.
    return url_in_language(path, language)


def absolute_url(path: str, language: str) -> str:
    """A link for an e-mail: SITE_URL plus the path, in the reader's language."""
    if not path:
        return site_url("/")
    parts = urlsplit(path)
    if parts.scheme:
        return path
    base = urlunsplit(parts._replace(fragment=""))
    if not base.startswith("/"):
        base = "/" + base
    translated = _path_in_language(base, language)
    return site_url(translated + (f"#{parts.fragment}" if parts.fragment else ""))


def _without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _site_link(url_name: str) -> str:
    """An absolute link to one of our pages, in the active language."""
    return site_url(_reverse_in(url_name, translation.get_language()))


@lru_cache(maxsize=64)
def _reverse_in(url_name: str, language: str) -> str:
    # Cached by language: a digest batch asks for the same few pages hundreds of times.
    with translation.override(language):
        return reverse(url_name)


def _inbox_link() -> str:
    try:
        return _site_link(INBOX_URL_NAME)
    except NoReverseMatch:
        return site_url(reverse("wagtail_serve", args=[""]))


def _subject(text: str) -> str:
    # A header is one line, whatever the message or the title holds.
    text = " ".join(str(text).split())
    return text if len(text) <= SUBJECT_LENGTH else text[: SUBJECT_LENGTH - 1] + "…"


def _render(template: str, context: dict) -> tuple[str, str]:
    base = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": settings.SITE_URL}
    context = {**base, **context}
    return (
        render_to_string(f"notifications/email/{template}.txt", context),
        render_to_string(f"notifications/email/{template}.html", context),
    )


def _message(*, user, subject: str, text: str, html: str, unsubscribe: str):
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Out-of-office replies are not for a machine (RFC 3834).
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _kind_label(key: str) -> str:
    try:
        return str(kinds.get(key).label)
    except LookupError:
        return key


def immediate_message(notification, user) -> EmailMultiAlternatives:
    """The e-mail of one notification to ``user`` (its recipient, already loaded)."""
    language = language_of(user)
    with translation.override(language):
        message = kinds.render_message(
            notification.kind,
            actor_name=notification.actor_name,
            target_title=notification.target_title,
        )
        subject = _subject(message)
        unsubscribe = unsubscribe_url(user, notification.kind)
        text, html = _render(
            "immediate",
            {
                "user": user,
                "subject": subject,
                "message": message,
                "excerpt": notification.excerpt,
                "quoted_excerpt": "\n".join(
                    "> " + line for line in notification.excerpt.splitlines()
                ),
                "link": absolute_url(notification.url, language),
                "kind_label": _kind_label(notification.kind),
                "unsubscribe_url": unsubscribe,
                "settings_url": _site_link("notifications:settings"),
            },
        )
    return _message(user=user, subject=subject, text=text, html=html, unsubscribe=unsubscribe)


@dataclass
class DigestItem:
    message: str
    excerpt: str
    link: str
    created_at: datetime
    when: str = ""  # created_at as the reader's short date and time


@dataclass
class DigestGroup:
    title: str
    link: str
    latest: datetime
    items: list[DigestItem] = field(default_factory=list)


def _group_key(notification) -> tuple:
    if notification.target_id is not None:
        return ("target", notification.target_type_id, notification.target_id)
    return ("url", _without_fragment(notification.url), notification.target_title)


def digest_message(user, notifications, *, day: date) -> EmailMultiAlternatives:
    """The day's digest for ``user``: ``notifications`` are theirs, waiting for it."""
    return DigestWriter(day).messages([(user, notifications)])[0]


def _short_datetime(value: datetime) -> str:
    """What ``|date:"SHORT_DATETIME_FORMAT"`` prints, in the active language."""
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


class DigestWriter:
    """Builds the digests of one batch. The templates are looked up once; the links, labels
    and dates the e-mails share are computed once per language; each item reaches the
    template as ready text (its sentence, its date, its excerpt already cut), so rendering a
    digest is little more than the template's own loops. What comes out is the same as
    rendering ``notifications/email/digest.*`` for each person."""

    def __init__(self, day: date):
        self.day = day
        # The compiled templates themselves: no loader lookup per e-mail.
        self.text = get_template("notifications/email/digest.txt").template
        self.html = get_template("notifications/email/digest.html").template
        self._shared: dict[str, dict] = {}
        self._dates: dict[tuple, str] = {}

    def _language(self, language: str) -> dict:
        """What every digest in ``language`` shares; call it with the language active."""
        shared = self._shared.get(language)
        if shared is None:
            marker = "0TOKEN0"
            unsubscribe = site_url(reverse("notifications:unsubscribe", kwargs={"token": marker}))
            shared = self._shared[language] = {
                "site_name": settings.WAGTAIL_SITE_NAME,
                "site_url": settings.SITE_URL,
                "inbox_url": _inbox_link(),
                "settings_url": _site_link("notifications:settings"),
                "unsubscribe": unsubscribe.split(marker),
                "on_the_site": gettext("On the site"),
                "minutes_only": not _SECONDS & set(formats.get_format("SHORT_DATETIME_FORMAT")),
            }
        return shared

    def _when(self, value: datetime, language: str) -> str:
        # Many items share a minute, and the short format shows no seconds.
        minutes_only = self._language(language)["minutes_only"]
        key = (language, value.replace(second=0, microsecond=0) if minutes_only else value)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = _short_datetime(value)
        return text

    def messages(self, batch) -> list[EmailMultiAlternatives]:
        """One digest per ``(user, notifications)`` of ``batch``, in its order; each
        language is switched on once."""
        out: list = [None] * len(batch)
        by_language: dict[str, list[int]] = {}
        for index, (user, _rows) in enumerate(batch):
            by_language.setdefault(language_of(user), []).append(index)
        for language, indexes in by_language.items():
            with translation.override(language):
                shared = self._language(language)
                for index in indexes:
                    user, rows = batch[index]
                    out[index] = self._message(user, rows, language, shared)
        return out

    def _groups(self, notifications, language: str, shared: dict) -> list[DigestGroup]:
        groups: dict[tuple, DigestGroup] = {}
        for row in sorted(notifications, key=lambda row: (row.created_at, row.pk)):
            link = absolute_url(row.url, language) if row.url else ""
            key = _group_key(row)
            group = groups.get(key)
            if group is None:
                group = groups[key] = DigestGroup(
                    title=row.target_title or shared["on_the_site"],
                    link=_without_fragment(link),
                    latest=row.created_at,
                )
            group.latest = row.created_at
            excerpt = row.excerpt
            if len(excerpt) > EXCERPT_LENGTH:
                excerpt = Truncator(excerpt).chars(EXCERPT_LENGTH)
            group.items.append(
                DigestItem(
                    message=kinds.render_message(
                        row.kind, actor_name=row.actor_name, target_title=row.target_title
                    ),
                    excerpt=excerpt,
                    link=link,
                    created_at=row.created_at,
                    when=self._when(row.created_at, language),
                )
            )
        return sorted(groups.values(), key=lambda group: group.latest, reverse=True)

    def _message(self, user, notifications, language: str, shared: dict):
        total = len(notifications)
        # The newest ones when there are too many to read in an e-mail.
        shown = sorted(notifications, key=lambda row: (row.created_at, row.pk))[-DIGEST_ITEM_LIMIT:]
        subject = _subject(
            ngettext(
                "Your %(site_name)s digest: %(count)d new notification",
                "Your %(site_name)s digest: %(count)d new notifications",
                total,
            )
            % {"site_name": settings.WAGTAIL_SITE_NAME, "count": total}
        )
        before, after = shared["unsubscribe"]
        unsubscribe = before + quote(make_token(user, ALL), safe=_URL_SAFE) + after
        context = {
            "site_name": shared["site_name"],
            "site_url": shared["site_url"],
            "user": user,
            "subject": subject,
            "day": self.day,
            "total": total,
            "groups": self._groups(shown, language, shared),
            "more": total - len(shown),
            "inbox_url": shared["inbox_url"],
            "unsubscribe_url": unsubscribe,
            "settings_url": shared["settings_url"],
        }
        text = self.text.render(Context(context))
        html = self.html.render(Context(context))
        return _message(user=user, subject=subject, text=text, html=html, unsubscribe=unsubscribe)
