"""Reading payloads and checking HTML for the XSS tests (test_xss.py).

Sanitised HTML is parsed twice, by html5lib (the parser bleach vendors, which follows the HTML
standard as browsers do) and by Python's own html.parser, and scanned as plain text, so a
difference between parsers cannot hide a tag. Whole pages are parsed by html5lib and reduced to
their structure (tags and attribute names) and their risks (scripts, styles, frames, event
handlers, dangerous URLs), to compare with the same page showing harmless content."""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bleach._vendor import html5lib

from wemi_community.core.sanitize import LINK_REL

# --- The payload file -------------------------------------------------------------------------

PAYLOAD_FILE = Path(__file__).with_name("xss_payloads.txt")
# Characters that cannot sit on one line of the file are written as these tokens.
TOKENS = {"{NL}": "\n", "{CR}": "\r", "{TAB}": "\t", "{NUL}": "\x00"}


def load_payloads() -> list[tuple[int, str]]:
    """(line number, payload) for every payload line of the file."""
    payloads = []
    for number, line in enumerate(PAYLOAD_FILE.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        for token, char in TOKENS.items():
            line = line.replace(token, char)
        payloads.append((number, line))
    return payloads


PAYLOADS = load_payloads()
# Named by their line in the file, so a failing test points at its payload.
PAYLOAD_PARAMS = [pytest.param(text, id=f"line{number}") for number, text in PAYLOADS]

# The families of the issue: each has a "# --- " header in the file, with payloads under it.
FAMILIES = [
    "script tags",
    "event handlers",
    "javascript:, vbscript:, data: urls",
    "svg and mathml",
    "malformed",
    "quoting",
    "encoded",
    "css",
    "<base>, <meta refresh>, <iframe srcdoc>, <object>, <embed>",
    "template / noscript / mutation xss",
    "markdown",
]


def payload_families() -> dict[str, list[int]]:
    """Header (lower case) → line numbers of its payloads."""
    families: dict[str, list[int]] = {}
    header = None
    for number, line in enumerate(PAYLOAD_FILE.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("# ---"):
            header = line.strip("# -").lower()
            families[header] = []
        elif line.strip() and not line.startswith("#"):
            assert header is not None, f"payload before any family header: {line!r}"
            families[header].append(number)
    return families


# The payloads aimed at the contexts where a page gives text back (closing a textarea, a title,
# an HTML comment, an attribute), and the first of each family.
ECHO_TARGETS = re.compile(r"</?(textarea|title|noscript|template|xmp)|-->|--!>|^[\"'`]")


def echo_payloads() -> list:
    text_of_line = dict(PAYLOADS)
    raw = PAYLOAD_FILE.read_text(encoding="utf-8").split("\n")
    chosen = set()
    for numbers in payload_families().values():
        chosen.add(numbers[0])
        chosen.update(n for n in numbers if ECHO_TARGETS.search(raw[n - 1]))
    return [pytest.param(text_of_line[n], id=f"line{n}") for n in sorted(chosen)]


# Never acceptable in user content, whatever an allowlist says.
FORBIDDEN_TAGS = {
    "script", "style", "svg", "math", "iframe", "frame", "frameset", "object", "embed",
    "applet", "base", "meta", "link", "form", "img", "input", "button", "textarea", "select",
    "video", "audio", "source", "template", "noscript", "portal", "xmp", "title",
}  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# What browsers ignore inside a URL's scheme (and then some): whitespace, controls, backticks.
URL_NOISE = re.compile(r"[\x00-\x20\x7f-\xa0\s`]+")


# --- Sanitised HTML ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]


def local(name: str) -> str:
    """html5lib's "{namespace}name" → "name"."""
    return name.rsplit("}", 1)[-1] if name.startswith("{") else name


def html5_fragment(markup: str):
    return html5lib.parseFragment(markup, treebuilder="etree", namespaceHTMLElements=False)


def html5_document(markup: str):
    return html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)


def html5_elements(root) -> list[Element]:
    """Every element under ``root`` (not itself); namespaced attributes keep their namespace,
    so ``xlink:href`` never passes for ``href``."""
    found = []
    for node in root.iter():
        if node is root:
            continue
        if not isinstance(node.tag, str):  # a comment or a processing instruction
            found.append(Element("#comment", ()))
            continue
        found.append(Element(local(node.tag).lower(), tuple(node.attrib.items())))
    return found


class _Collector(HTMLParser):
    """Python's own tokenizer: a second opinion on what tags and attributes are there."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []

    def handle_starttag(self, tag, attrs):
        self.found.append(Element(tag.lower(), tuple((n, v or "") for n, v in attrs)))

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.found.append(Element("#comment", ()))

    def handle_decl(self, decl):
        self.found.append(Element("#declaration", ()))

    def handle_pi(self, data):
        self.found.append(Element("#pi", ()))

    def unknown_decl(self, data):
        self.found.append(Element("#declaration", ()))


def stdlib_elements(markup: str) -> list[Element]:
    collector = _Collector()
    collector.feed(markup)
    collector.close()
    return collector.found


def dangerous_url(value: str) -> bool:
    normalized = URL_NOISE.sub("", html.unescape(value)).lower()
    return normalized.startswith(DANGEROUS_SCHEMES)


def element_problems(element: Element, tags, attributes) -> list[str]:
    """Why ``element`` may not appear in sanitised content (empty when it may)."""
    problems = []
    if element.tag not in tags:
        problems.append(f"tag <{element.tag}> is not allowed")
    if element.tag in FORBIDDEN_TAGS:
        problems.append(f"tag <{element.tag}> is forbidden")
    names = [name for name, _ in element.attrs]
    for name, value in element.attrs:
        if name not in attributes.get(element.tag, ()):
            problems.append(f"attribute {name!r} on <{element.tag}> is not allowed")
        if local(name).lower().startswith("on"):
            problems.append(f"event handler {name}={value!r} on <{element.tag}>")
        if dangerous_url(value):
            problems.append(f"dangerous URL {name}={value!r} on <{element.tag}>")
    if element.tag == "a" and "href" in names and dict(element.attrs).get("rel") != LINK_REL:
        problems.append(f"link without rel={LINK_REL!r}: {element.attrs!r}")
    return problems


# What each profile may produce, written here rather than read from sanitize.py: the tests hold
# the sanitizer to the allowlist, not to whatever the sanitizer allows today.
COMMENT_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
ALLOWED = {
    "comment": (COMMENT_TAGS, {"a": {"href", "rel"}}),
    "rich": (COMMENT_TAGS | {"h3", "h4", "blockquote"}, {"a": {"href", "rel"}}),
    "plain": ({"p", "br"}, {}),
}


def profile_rules(profile: str):
    return ALLOWED[profile]


RAW_TAG = re.compile(r"<(/?)([^\s/>]*)")


def sanitized_problems(markup: str, profile: str) -> list[str]:
    """Everything wrong with ``markup`` as the output of ``profile``, seen by two parsers and by
    a plain scan of the text (every "<" must open or close an allowed tag)."""
    tags, attributes = profile_rules(profile)
    problems = []
    for parser, elements in (
        ("html5lib", html5_elements(html5_fragment(markup))),
        ("html.parser", stdlib_elements(markup)),
    ):
        for element in elements:
            problems += [f"{parser}: {p}" for p in element_problems(element, tags, attributes)]
    for match in RAW_TAG.finditer(markup):
        if match.group(2).lower() not in tags:
            problems.append(f"raw text: {match.group(0)!r} opens no allowed tag")
    return problems


# --- Whole pages ------------------------------------------------------------------------------

# Inline scripts are compared by their text, less what changes on every request (CSRF tokens).
VOLATILE = re.compile(r"[A-Za-z0-9]{32,}")
DIGITS = re.compile(r"\d+")
RISKY_TAGS = {"script", "iframe", "frame", "object", "embed", "base", "meta", "link", "style"}


def has_class(node, name: str) -> bool:
    return name in (node.get("class") or "").split()


def find_by_class(root, name: str) -> list:
    return [node for node in root.iter() if isinstance(node.tag, str) and has_class(node, name)]


def structure(root, *, skip_inside: str | None = None) -> Counter:
    """The tags and attribute names under ``root`` (not their values), leaving out what sits
    inside elements of class ``skip_inside``: those hold user content, checked on their own."""
    shape: Counter = Counter()

    def walk(node):
        if not isinstance(node.tag, str):
            shape["#comment"] += 1
            return
        shape[(local(node.tag).lower(), tuple(sorted(node.attrib)))] += 1
        if skip_inside and has_class(node, skip_inside):
            return
        for child in node:
            walk(child)

    walk(root)
    return shape


def page_risks(document) -> Counter:
    """Every element that loads or runs something, and every attribute a browser could run."""
    risks: Counter = Counter()
    for node in document.iter():
        if not isinstance(node.tag, str):
            continue
        tag = local(node.tag).lower()
        if tag in RISKY_TAGS:
            text = VOLATILE.sub("…", (node.text or "").strip())
            # A page's own address (canonical, hreflang) names its object: ids do not matter.
            attrs = tuple(sorted((name, DIGITS.sub("0", v)) for name, v in node.attrib.items()))
            risks[(tag, attrs, text)] += 1
        for name, value in node.attrib.items():
            if local(name).lower().startswith("on") or dangerous_url(value):
                risks[(tag, name, value)] += 1
    return risks


def shape_and_risks(document, *, skip_inside: str | None = None) -> tuple[Counter, Counter]:
    return structure(document, skip_inside=skip_inside), page_risks(document)


def differences(actual, expected) -> dict:
    """What ``actual`` has that ``expected`` has not, and the reverse: empty when equal.
    Both are Counters or tuples of Counters (structure, risks)."""
    if isinstance(actual, tuple):
        found = {}
        for index, (one, other) in enumerate(zip(actual, expected, strict=True)):
            found.update({f"{index}.{k}": v for k, v in differences(one, other).items()})
        return found
    return {
        key: value
        for key, value in (("extra", actual - expected), ("missing", expected - actual))
        if value
    }


def user_content_problems(containers, profile: str = "comment") -> list[str]:
    tags, attributes = profile_rules(profile)
    problems = []
    for container in containers:
        for element in html5_elements(container):
            problems += element_problems(element, tags, attributes)
    return problems


def as_browser_reads_it(text: str) -> str:
    """``text`` as an HTML parser gives it back from an element's content."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


def textarea_values(document, name: str) -> list[str]:
    return [
        node.text or ""
        for node in document.iter()
        if isinstance(node.tag, str) and local(node.tag) == "textarea" and node.get("name") == name
    ]


def text_of(node) -> str:
    return "".join(node.itertext())


def html_document(response) -> object:
    """A Django test client's response, parsed."""
    return html5_document(response.content.decode())


def get_document(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html_document(response)


def comments_region(document):
    regions = find_by_class(document, "wemi-comments")
    assert len(regions) == 1, "the space page shows one comments region"
    return regions[0]


def comment_items(document) -> dict[int, object]:
    """Each comment's <li id="comment-<pk>"> on the page."""
    return {
        int(node.get("id").removeprefix("comment-")): node
        for node in find_by_class(document, "wemi-comment")
        if re.fullmatch(r"comment-\d+", node.get("id") or "")
    }


def queue_rows(document, content_type_id: int) -> dict[int, object]:
    """The moderation queue's rows (<tr>) by the primary key of the content they show."""
    rows = {}
    for row in document.iter("tr"):
        for cell in row:
            cell_id = cell.get("id") or ""
            if cell_id.startswith(f"excerpt-{content_type_id}-"):
                rows[int(cell_id.rsplit("-", 1)[1])] = row
    return rows
