"""The one way untrusted text becomes HTML: ``sanitize_html(text, profile)``.

People write comments in a small Markdown (blank line = new paragraph, *emphasis*, **strong**,
"- " lists, links); the Markdown is rendered, then bleach keeps only the profile's allowlist of
tags, attributes and URL schemes. The result is stored, and only this function's output is ever
marked safe in a template."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter


@dataclass(frozen=True)
class Profile:
    tags: frozenset[str]
    attributes: dict[str, list[str]]
    protocols: frozenset[str]
    markdown: bool = True


PROFILES = {
    # Comments, reports' text, needs: paragraphs, emphasis, lists and links.
    # (rel is not listed: the link filter sets it on every link after sanitising.)
    "comment": Profile(
        tags=frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "a"}),
        attributes={"a": ["href"]},
        protocols=frozenset({"http", "https", "mailto"}),
    ),
    # Longer descriptions (proposals, events): the same plus headings and quotes.
    "rich": Profile(
        tags=frozenset(
            {"p", "br", "em", "strong", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
        ),
        attributes={"a": ["href"]},
        protocols=frozenset({"http", "https", "mailto"}),
    ),
    # Plain text with line breaks kept: no markup at all survives.
    "plain": Profile(
        tags=frozenset({"p", "br"}), attributes={}, protocols=frozenset(), markdown=False
    ),
}

LINK_REL = "nofollow noopener ugc"

# What a browser would read as a URL's scheme, once entities, whitespace, control and non-ASCII
# characters are gone (a superset of what it really ignores, so the check errs on refusing).
_URL_NOISE = re.compile(r"[`\x00-\x20\x7f-\xa0\s]+|[^\x00-\x7f]+")
_URL_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def _url_allowed(value: str, protocols: frozenset[str]) -> bool:
    """bleach's own check lets "javascript:1" through (its URL parser reads "scheme:digits" as
    a path with a port), so every URL also passes this stricter one."""
    normalized = _URL_NOISE.sub("", html.unescape(value)).lower()
    scheme = _URL_SCHEME.match(normalized)
    return scheme is None or scheme.group(1) in protocols


def _attribute_filter(rules: Profile):
    def allowed(tag: str, name: str, value: str) -> bool:
        if name not in rules.attributes.get(tag, ()):
            return False
        return name != "href" or _url_allowed(value, rules.protocols)

    return allowed


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        # Its address was refused (or it never had one): keep the text, drop the dead <a>.
        return None
    attrs[(None, "rel")] = LINK_REL
    return attrs


def sanitize_html(text: str, profile: str = "comment") -> str:
    """Turns what a person typed into safe HTML for ``profile`` ("comment", "rich", "plain")."""
    rules = PROFILES[profile]
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if rules.markdown:
        rendered = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    else:
        paragraphs = [part for part in text.split("\n\n") if part.strip()]
        rendered = "".join(
            "<p>" + html.escape(part.strip()).replace("\n", "<br>") + "</p>" for part in paragraphs
        )
    cleaner = bleach.Cleaner(
        tags=rules.tags,
        attributes=_attribute_filter(rules),
        protocols=rules.protocols,
        strip=True,
        strip_comments=True,
        filters=[partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"})]
        if "a" in rules.tags
        else [],
    )
    return cleaner.clean(rendered).strip()


def plain_text(html_text: str) -> str:
    """The text of sanitised HTML, for e-mails, excerpts and notifications."""
    return html.unescape(bleach.clean(html_text or "", tags=set(), strip=True)).strip()
