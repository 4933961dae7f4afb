"""The observatory in a real browser: the charts draw over their tables and the map colours
the 88 NIL and the 9 Municipi from the cached boundaries, with no Content Security Policy
violation (the `csp_watcher` fixture fails the test on any)."""

import pytest
from playwright.sync_api import expect

from tests.observatory.helpers import record, record_anonymous
from wemi_community.evidence.kinds import FactKind

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def figures():
    """Made before the browser starts (see test_first_visit)."""
    for place in (1, 3, 8):
        record(FactKind.NEED, persons=5 + place, place=place)
        record(FactKind.PROPOSAL_JOIN, persons=5, place=place, people=2, households=1)
    record(FactKind.NEED, persons=1, place=9)
    record_anonymous(FactKind.PROPOSAL_PUBLISHED, count=9)
    record_anonymous(FactKind.PROPOSAL_THRESHOLD, count=6, quantity=20)
    record(FactKind.SERVICE_PAYMENT, persons=5, isee_band="1", family_cents=900, city_cents=2100)


def test_charts_and_map_render_under_the_policy(figures, live_server, browser_page):
    page = browser_page
    # The map's background tiles come from OpenStreetMap: not fetched in a test.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.abort())
    page.goto(live_server.url + "/osservatorio/")

    for key in ("mesi", "municipi", "categorie", "percorso", "servizi"):
        chart = page.locator(f'figure[data-chart="{key}"]')
        expect(chart).to_be_visible()
        box = chart.locator("canvas").bounding_box()
        assert box["width"] > 200 and box["height"] > 100, key
    # Chart.js drew something: the canvas is no longer blank.
    drawn = page.evaluate(
        """() => {
          const canvas = document.querySelector('figure[data-chart="mesi"] canvas');
          const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
          return pixels.data.some((value, index) => index % 4 === 3 && value > 0);
        }"""
    )
    assert drawn

    map_box = page.locator("#observatory-map")
    expect(map_box).to_have_attribute("data-ready", "true")
    areas = page.locator("#observatory-map path.leaflet-interactive")
    expect(areas).to_have_count(88)
    expect(page.locator(".wemi-obs-legend")).to_contain_text("Bisogni espressi")
    page.locator('label[for="mappa-municipi"]').click()
    expect(areas).to_have_count(9)
    page.get_by_label("Dato").select_option(label="Famiglie che aderiscono alle proposte")
    expect(page.locator(".wemi-obs-legend")).to_contain_text("Famiglie che aderiscono")
    # The tables are still there under the pictures.
    expect(page.locator("#tabella-municipi caption")).to_be_visible()
