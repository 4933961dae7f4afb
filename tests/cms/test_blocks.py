"""The StreamField blocks every page type shares: markup, accessibility and validation."""

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import Promise
from wagtail import blocks as wagtail_blocks
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site
from wagtail_localize.synctree import create_aliases_for_new_page

from cms_templates import blocks
from spaces_pages.models import StandardPage
from tests.factories import UserFactory, municipio

from .helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Blocks render with the active language: English, the source, keeps the tests stable
    when the Italian catalogue changes."""
    with translation.override("en"):
        yield


def render(block, raw: dict | str | int, **context) -> BeautifulSoup:
    request = RequestFactory().get("/")
    value = block.to_python(raw)
    html = block.render(value, context={"request": request, **context})
    return BeautifulSoup(html, "html.parser")


def home():
    return Site.objects.get(is_default_site=True).root_page


def add_page(title: str, slug: str, live: bool = True) -> StandardPage:
    page = StandardPage(title=title, slug=slug, live=live)
    home().add_child(instance=page)
    create_aliases_for_new_page(page)  # as the admin does: its page in the English tree
    return page


@pytest.fixture
def image():
    return Image.objects.create(title="Lo Spazio WeMi", file=get_test_image_file())


# --- The stream ---------------------------------------------------------------------------


def test_body_keeps_the_stored_block_names_and_adds_the_new_ones():
    assert list(blocks.BodyBlock().child_blocks) == [
        "heading",
        "paragraph",
        "image",
        "call_to_action",
        "accordion",
        "contact",
        "opening_hours",
    ]


def _all_blocks(block):
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _all_blocks(child)
    if isinstance(block, wagtail_blocks.ListBlock):
        yield from _all_blocks(block.child_block)


def test_every_label_and_help_text_is_translatable():
    checked = 0
    for block in _all_blocks(blocks.BodyBlock()):
        if block.name:
            assert isinstance(block.label, Promise), block.name
        field = getattr(block, "field", None)
        for help_text in (getattr(block.meta, "help_text", None), getattr(field, "help_text", "")):
            if help_text:
                assert isinstance(help_text, Promise), block.name
                checked += 1
    assert checked >= 8


# --- Image -------------------------------------------------------------------------------


def test_image_renders_a_figure_with_its_text_alternative_and_caption(image):
    document = render(
        blocks.FigureBlock(),
        {"image": image.pk, "alt_text": "La sala comune con i tavoli", "caption": "Foto: Comune"},
    )

    figure = document.select_one("figure")
    img = figure.select_one("img")
    assert img["alt"] == "La sala comune con i tavoli"
    assert "img-fluid" in img["class"]
    assert text(figure.select_one("figcaption")) == "Foto: Comune"


def test_image_without_caption_has_no_empty_figcaption(image):
    document = render(blocks.FigureBlock(), {"image": image.pk, "alt_text": "Una sala"})

    assert document.select_one("figcaption") is None


def test_image_without_text_alternative_is_a_field_error(image):
    block = blocks.FigureBlock()

    with pytest.raises(wagtail_blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))

    assert list(caught.value.block_errors) == ["alt_text"]
    assert "required" in caught.value.block_errors["alt_text"].messages[0]


def test_image_block_requires_an_image():
    block = blocks.FigureBlock()

    with pytest.raises(wagtail_blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python({"image": None, "alt_text": "Una sala"}))

    assert list(caught.value.block_errors) == ["image"]


# --- Call to action ------------------------------------------------------------------------


def test_call_to_action_to_a_page_is_a_button_link():
    target = add_page("Come funziona", "come-funziona")

    document = render(
        blocks.CallToActionBlock(),
        {"text": "Scopri come funziona", "page": target.pk, "url": "", "style": "primary"},
    )

    link = document.select_one("a")
    assert link["href"] == "/en/come-funziona/"
    assert link["class"] == ["btn", "btn-primary"]
    assert text(link) == "Scopri come funziona"


def test_call_to_action_to_another_site_says_so_in_words():
    document = render(
        blocks.CallToActionBlock(),
        {
            "text": "WeMi",
            "page": None,
            "url": "https://wemi.comune.milano.it/",
            "style": "secondary",
        },
    )

    link = document.select_one("a")
    assert link["href"] == "https://wemi.comune.milano.it/"
    assert "btn-outline-primary" in link["class"]
    assert text(link.select_one(".visually-hidden")) == "(external site)"
    assert link.select_one("svg")["aria-hidden"] == "true"


def test_call_to_action_to_an_unpublished_page_renders_nothing():
    draft = add_page("Bozza", "bozza", live=False)

    document = render(
        blocks.CallToActionBlock(),
        {"text": "Vai", "page": draft.pk, "url": "", "style": "primary"},
    )

    assert document.select_one("a") is None


@pytest.mark.parametrize(
    ("with_page", "url", "message"),
    [
        (True, "https://example.org/", "Choose a page or enter a web address, not both."),
        (False, "", "Choose a page or enter a web address for the button."),
    ],
)
def test_call_to_action_needs_exactly_one_destination(with_page, url, message):
    target = add_page("Pagina", "pagina")
    block = blocks.CallToActionBlock()
    raw = {"text": "Vai", "page": target.pk if with_page else None, "url": url}

    with pytest.raises(wagtail_blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python(raw))

    assert [str(e.message) for e in caught.value.non_block_errors.as_data()] == [message]


def test_call_to_action_with_one_destination_is_valid():
    block = blocks.CallToActionBlock()

    value = block.clean(block.to_python({"text": "Vai", "url": "https://example.org/"}))

    assert value["url"] == "https://example.org/"
    assert value.is_external


# --- Accordion -----------------------------------------------------------------------------


def test_accordion_uses_details_and_summary_so_it_works_without_javascript():
    block = blocks.AccordionBlock()
    document = render(
        block,
        {
            "items": [
                {"question": "Quanto costa?", "answer": "<p>Dipende dal <b>servizio</b>.</p>"},
                {"question": "Chi può aderire?", "answer": "<p>Tutti i residenti.</p>"},
            ]
        },
    )

    items = document.select(".accordion details.accordion-item")
    assert [text(item.select_one("summary")) for item in items] == [
        "Quanto costa?",
        "Chi può aderire?",
    ]
    # Closed by default, and no JavaScript hooks that would leave it stuck without scripts.
    assert all(not item.has_attr("open") for item in items)
    assert document.select("[data-bs-toggle]") == []
    answer = items[0].select_one(".accordion-body")
    assert answer.select_one("b").get_text() == "servizio"


def test_accordion_needs_at_least_one_question():
    block = blocks.AccordionBlock()

    with pytest.raises(wagtail_blocks.StructBlockValidationError):
        block.clean(block.to_python({"items": []}))


# --- Contact card --------------------------------------------------------------------------


def test_contact_card_links_phone_and_email_and_labels_them_for_screen_readers():
    document = render(
        blocks.ContactCardBlock(),
        {
            "name": "Sportello WeMi Municipio 5",
            "heading_level": "h3",
            "role": "Punto di ascolto",
            "phone": "+39 02 884 12345",
            "email": "sportello5@wemi.example",
            "address": "Via Esempio 1\n20141 Milano",
            "opening_note": "Dal lunedì al venerdì, 9-13",
        },
    )

    assert text(document.select_one("h3.card-title")) == "Sportello WeMi Municipio 5"
    address = document.select_one("address")
    links = {a["href"]: text(a) for a in address.select("a")}
    assert links == {
        "tel:+390288412345": "+39 02 884 12345",
        "mailto:sportello5@wemi.example": "sportello5@wemi.example",
    }
    hidden = [text(span) for span in address.select(".visually-hidden")]
    assert hidden == ["Phone:", "E-mail:", "Address:", "When:"]
    assert address.select_one("br") is not None
    assert all(svg["aria-hidden"] == "true" for svg in address.select("svg"))


def test_contact_card_leaves_out_what_is_missing_and_follows_the_heading_level():
    document = render(
        blocks.ContactCardBlock(), {"name": "Spazio WeMi Tortona", "heading_level": "h2"}
    )

    assert text(document.select_one("h2")) == "Spazio WeMi Tortona"
    assert document.select("address li") == []


# --- Opening hours -------------------------------------------------------------------------


def test_opening_hours_block_offers_only_space_pages():
    try:
        space_model = apps.get_model("spaces_pages", "SpacePage")
    except LookupError:
        pytest.skip("spaces_pages.SpacePage does not exist yet")
    assert blocks.OpeningHoursBlock().target_models == [space_model]


def test_opening_hours_block_shows_the_hours_of_the_chosen_space():
    try:
        space_model = apps.get_model("spaces_pages", "SpacePage")
    except LookupError:
        pytest.skip("spaces_pages.SpacePage does not exist yet")

    index_model = apps.get_model("spaces_pages", "SpaceIndexPage")
    space = space_model(
        title="Spazio WeMi Esempio", slug="esempio", municipio=municipio(5), address="Via A 1"
    )
    index_model.objects.get(locale__language_code="it").add_child(instance=space)
    create_aliases_for_new_page(space)

    document = render(blocks.OpeningHoursBlock(), space.pk)

    wrapper = document.select_one(".wemi-opening-hours-block")
    assert wrapper is not None
    link = wrapper.select_one("a")
    assert link["href"] == f"/en{space.url}"  # the space's page on the English site
    assert "Spazio WeMi Esempio" in text(wrapper)


def test_opening_hours_block_of_a_missing_space_renders_nothing():
    assert render(blocks.OpeningHoursBlock(), None).get_text().strip() == ""


# --- All together, on a page ---------------------------------------------------------------


def test_a_page_with_every_block_renders(client, image):
    target = add_page("Come funziona", "come-funziona")
    page = StandardPage(
        title="Servizi condivisi",
        slug="servizi-condivisi",
        body=[
            {"type": "heading", "value": {"text": "Domande", "level": "h2"}},
            {"type": "paragraph", "value": "<p>Testo introduttivo.</p>"},
            {"type": "image", "value": {"image": image.pk, "alt_text": "Una sala", "caption": ""}},
            {
                "type": "call_to_action",
                "value": {"text": "Scopri", "page": target.pk, "url": "", "style": "primary"},
            },
            {
                "type": "accordion",
                "value": {"items": [{"question": "Come?", "answer": "<p>Così.</p>"}]},
            },
            {"type": "contact", "value": {"name": "Sportello", "heading_level": "h3"}},
        ],
    )
    home().add_child(instance=page)
    page.save_revision().publish()

    response = client.get("/servizi-condivisi/")

    assert response.status_code == 200
    article = BeautifulSoup(response.content, "html.parser").select_one("main article")
    assert article.select_one("img")["alt"] == "Una sala"
    assert article.select_one("a.btn")["href"] == "/come-funziona/"
    assert text(article.select_one("details summary")) == "Come?"
    assert text(article.select_one(".wemi-contact-card h3")) == "Sportello"


def test_the_editor_offers_every_block(client):
    page = add_page("Pagina", "pagina")
    editor = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(editor)

    response = client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200
    content = response.content.decode()
    # The block definitions travel to the editor as JSON, by name.
    for name in ("call_to_action", "accordion", "contact", "opening_hours", "alt_text"):
        assert f"&quot;{name}&quot;" in content or f'"{name}"' in content, name
