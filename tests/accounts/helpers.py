"""Helpers shared by the account tests."""

import re
from urllib.parse import urlsplit

LINK_RE = re.compile(r"https?://[^\s\"'<>]+")


def links_in(text: str) -> list[str]:
    return LINK_RE.findall(text)


def path_of(url: str) -> str:
    """The path of an absolute link from an e-mail, ready for the test client."""
    return urlsplit(url).path


def html_part(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


def confirmation_link(message) -> str:
    return next(
        link for link in links_in(message.body) if "/conferma/" in link and "nuovo-link" not in link
    )


def reset_link(message) -> str:
    return next(link for link in links_in(message.body) if "/password/nuova/" in link)
