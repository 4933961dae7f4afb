from bs4 import BeautifulSoup

FOCUSABLE = ("a[href]", "button", "input:not([type=hidden])", "select", "textarea", "[tabindex]")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def first_focusable(document: BeautifulSoup):
    """The first element a keyboard user reaches with Tab (document order, no tabindex > 0)."""
    for element in document.body.find_all(True):
        if any(element.css.match(selector) for selector in FOCUSABLE):
            if element.get("tabindex") == "-1":
                continue
            return element
    return None


def text(element) -> str:
    return " ".join(element.get_text(" ").split())
