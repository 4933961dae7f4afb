"""sanitize_html: the one way what people type becomes HTML (comments, reports, needs, texts).

"comment" keeps paragraphs, line breaks, emphasis, lists and links from a small Markdown; "rich"
adds headings and quotes; "plain" keeps nothing but paragraphs and line breaks. Every link is
marked rel="nofollow noopener ugc", whatever way it was typed."""

from __future__ import annotations

import pytest

from wemi_community.core.sanitize import LINK_REL, plain_text, sanitize_html

REL = f'rel="{LINK_REL}"'
PROFILES = ["comment", "rich", "plain"]


def link(href: str, text: str | None = None) -> str:
    return f'<a href="{href}" {REL}>{text if text is not None else href}</a>'


# --- The "comment" profile: what it keeps ------------------------------------------------------


def test_paragraphs_and_line_breaks():
    assert (
        sanitize_html("prima riga\nseconda riga\n\nnuovo paragrafo")
        == "<p>prima riga<br>\nseconda riga</p>\n<p>nuovo paragrafo</p>"
    )


def test_windows_line_endings_read_as_line_breaks():
    assert sanitize_html("uno\r\ndue\r\rtre") == sanitize_html("uno\ndue\n\ntre")


def test_bold_and_emphasis():
    assert sanitize_html("**grassetto** e *corsivo*") == (
        "<p><strong>grassetto</strong> e <em>corsivo</em></p>"
    )


def test_dash_list():
    assert sanitize_html("- latte\n- pane") == "<ul>\n<li>latte</li>\n<li>pane</li>\n</ul>"


def test_numbered_list():
    assert sanitize_html("1. prima\n2. dopo") == "<ol>\n<li>prima</li>\n<li>dopo</li>\n</ol>"


def test_markdown_link_gets_rel():
    assert sanitize_html("[il sito](https://www.comune.milano.it/wemi)") == (
        f"<p>{link('https://www.comune.milano.it/wemi', 'il sito')}</p>"
    )


def test_markdown_link_title_is_dropped():
    assert sanitize_html('[x](https://example.org "titolo")') == (
        f"<p>{link('https://example.org', 'x')}</p>"
    )


@pytest.mark.parametrize(
    ("typed", "href"),
    [
        ("https://example.org/pagina", "https://example.org/pagina"),
        ("http://example.org", "http://example.org"),
        ("www.example.org", "http://www.example.org"),
    ],
)
def test_bare_urls_are_linkified_with_rel(typed, href):
    assert sanitize_html(f"vedi {typed} grazie") == f"<p>vedi {link(href, typed)} grazie</p>"


def test_bare_url_keeps_query_and_leaves_trailing_full_stop_out():
    assert sanitize_html("Vedi https://example.org/p?a=1&b=2.") == (
        f"<p>Vedi {link('https://example.org/p?a=1&amp;b=2')}.</p>"
    )


def test_raw_html_link_gets_rel_and_loses_everything_else():
    typed = (
        '<a href="https://example.org" rel="opener" target="_blank" title="t" '
        'class="btn" id="x" style="color:red">sito</a>'
    )
    assert sanitize_html(typed) == f"<p>{link('https://example.org', 'sito')}</p>"


def test_typed_rel_never_survives_without_a_link():
    assert sanitize_html('<a rel="opener">x</a>') == "<p>x</p>"


@pytest.mark.parametrize(
    "typed",
    [
        "[scrivici](mailto:spazio@example.org)",
        '<a href="mailto:spazio@example.org">scrivici</a>',
    ],
)
def test_mailto_links_are_allowed(typed):
    assert sanitize_html(typed) == f"<p>{link('mailto:spazio@example.org', 'scrivici')}</p>"


def test_an_email_address_is_not_linkified():
    # Addresses are personal data: a comment does not turn them into mailto links by itself.
    assert sanitize_html("scrivi a mario@example.org") == "<p>scrivi a mario@example.org</p>"


@pytest.mark.parametrize(
    "href", ["/spazi/", "#comments", "//example.org/x", "pagina.html"], ids=str
)
def test_relative_links_are_kept_with_rel(href):
    assert sanitize_html(f"[x]({href})") == f"<p>{link(href, 'x')}</p>"


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,x",
        "ftp://example.org/file",
        "tel:0212345",
        "file:///etc/passwd",
        # bleach alone keeps these ("scheme:digits" reads as a path with a port to its parser).
        "javascript:1",
        "javascript:1 `` 2",
        "vbscript:12",
        "data:123",
    ],
)
@pytest.mark.parametrize("profile", ["comment", "rich"])
def test_refused_schemes_leave_only_the_text(href, profile):
    assert sanitize_html(f"[testo]({href})", profile) == "<p>testo</p>"
    assert sanitize_html(f'<a href="{href}">testo</a>', profile) == "<p>testo</p>"


@pytest.mark.parametrize(
    "typed",
    [
        "**[a](https://example.org)**",
        "- [a](https://example.org)",
        "1. [a](https://example.org)",
        "[a](https://example.org)",
        "<a href='https://example.org'>a</a>",
        "<a href=https://example.org rel=noreferrer>a</a>",
        "<A HREF='https://example.org'>a</A>",
        "https://example.org",
        "<p>https://example.org</p>",
        "[a](https://example.org) [b](https://example.org/b) https://example.org/c",
    ],
)
@pytest.mark.parametrize("profile", ["comment", "rich"])
def test_every_link_gets_the_rel(typed, profile):
    html = sanitize_html(typed, profile)
    assert html.count("<a ") >= 1
    assert html.count("<a ") == html.count(f" {REL}>") == html.count("rel=")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("<h1>Titolo</h1>", "Titolo"),
        ("### Titolo", "Titolo"),
        ("> citazione", "<p>citazione</p>"),
        ("<b>b</b> <i>i</i> <u>u</u> <s>s</s>", "<p>b i u s</p>"),
        ("`codice` e <code>x</code>", "<p>codice e x</p>"),
        ("<div class='x'>blocco</div>", "blocco"),
        ("<span style='color:red'>rosso</span>", "<p>rosso</p>"),
        ("<table><tr><td>cella</td></tr></table>", "cella"),
        ("<p onclick='x()' class='c'>testo</p>", "<p>testo</p>"),
        ("<em title='t'>e</em>", "<p><em>e</em></p>"),
        ("<ul class='x'><li id='y'>a</li></ul>", "<ul><li>a</li></ul>"),
        ("<!-- nascosto -->visibile", "<p>visibile</p>"),
        ("![foto](https://example.org/a.png)", "<p></p>"),
        ("<img src='https://example.org/a.png' alt='foto'>", "<p></p>"),
        ("3 < 4 & 5 > 2", "<p>3 &lt; 4 &amp; 5 &gt; 2</p>"),
    ],
)
def test_comment_removes_everything_else(typed, expected):
    assert sanitize_html(typed, "comment") == expected


def test_script_is_removed_and_its_text_is_inert():
    assert sanitize_html("<script>alert(1)</script>ciao") == "alert(1)\n<p>ciao</p>"


def test_nul_bytes_are_dropped():
    assert sanitize_html("a\x00b") == "<p>ab</p>"


# --- "rich": comment plus headings and quotes ------------------------------------------------


def test_rich_keeps_headings_and_quotes():
    assert sanitize_html("### Orari\n\n#### Sabato\n\n> chiuso", "rich") == (
        "<h3>Orari</h3>\n<h4>Sabato</h4>\n<blockquote>\n<p>chiuso</p>\n</blockquote>"
    )


@pytest.mark.parametrize("tag", ["h1", "h2", "h5", "div", "span", "img", "table", "code"])
def test_rich_still_removes_other_tags(tag):
    assert f"<{tag}" not in sanitize_html(f"<{tag}>x</{tag}>", "rich")


# --- "plain": no markup at all ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("**grassetto** *corsivo*", "<p>**grassetto** *corsivo*</p>"),
        ("- uno\n- due", "<p>- uno<br>- due</p>"),
        ("[x](https://example.org)", "<p>[x](https://example.org)</p>"),
        ("https://example.org", "<p>https://example.org</p>"),
        (
            '<a href="https://example.org">x</a>',
            "<p>&lt;a href=&quot;https://example.org&quot;&gt;x&lt;/a&gt;</p>",
        ),
        ("<em>x</em>", "<p>&lt;em&gt;x&lt;/em&gt;</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("uno\n\n\n\ndue", "<p>uno</p><p>due</p>"),
        ("  spazi  \n", "<p>spazi</p>"),
    ],
)
def test_plain_keeps_no_markup(typed, expected):
    assert sanitize_html(typed, "plain") == expected


# --- Empty input, bad input -------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("typed", ["", "   ", "\n\n\t \n", "\r\n", None])
def test_empty_or_blank_input_gives_empty_string(typed, profile):
    assert sanitize_html(typed, profile) == ""


def test_default_profile_is_comment():
    typed = "### t\n\n**b** [x](https://example.org)"
    assert sanitize_html(typed) == sanitize_html(typed, "comment") != sanitize_html(typed, "rich")


def test_unknown_profile_is_refused():
    with pytest.raises(KeyError):
        sanitize_html("x", "everything")


# --- plain_text: the words back, for e-mails and excerpts ------------------------------------


def test_plain_text_of_sanitised_html():
    html = sanitize_html("a < b & **c** [link](https://example.org)")
    assert plain_text(html) == "a < b & c link"


@pytest.mark.parametrize("value", ["", None])
def test_plain_text_of_nothing(value):
    assert plain_text(value) == ""
