"""The one way untrusted text becomes HTML: ``sanitize_html(text, profile)``.

People write comments in a small Markdown (blank line = new paragraph, *emphasis*, **strong**,
"- " lists, links); the Markdown is rendered, then bleach keeps only the profile's allowlist of
tags, attributes and URL schemes. The result is stored, and only this function's output is ever
marked safe in a template."""

from __future__ import annotations

import html
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
    "comment": Profile(
        tags=frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "a"}),
        attributes={"a": ["href", "rel"]},
        protocols=frozenset({"http", "https", "mailto"}),
    ),
    # Longer descriptions (proposals, events): the same plus headings and quotes.
    "rich": Profile(
        tags=frozenset(
            {"p", "br", "em", "strong", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
        ),
        attributes={"a": ["href", "rel"]},
        protocols=frozenset({"http", "https", "mailto"}),
    ),
    # Plain text with line breaks kept: no markup at all survives.
    "plain": Profile(tags=frozenset({"p", "br"}), attributes={}, protocols=frozenset(), markdown=False),
}

LINK_REL = "nofollow noopener ugc"


def _set_rel(attrs, new=False):
    href_key = (None, "href")
    if href_key not in attrs:
        return attrs
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
        attributes=rules.attributes,
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
