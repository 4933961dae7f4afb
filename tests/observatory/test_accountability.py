"""The accountability pages: what the network delivered this month and this year, for the
city, a Municipio and a space; small counts hidden for the public, whole for city staff and
for a space's coordinators; Milan's month and year at the turn of the year; bad ids 404; a
fixed number of queries."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from observatory import accountability
from tests.factories import UserFactory, municipio
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.factories.spaces import SpaceFactory
from tests.queries import page_text, queries_for
from wemi_community.core.milan import ROME
from wemi_community.evidence.kinds import FactKind
from wemi_community.evidence.services import fact_record

pytestmark = pytest.mark.django_db

_sources = iter(range(10**6))


def record(kind, *, space=None, people: int = 1, when=None, **values):
    """``people`` facts of ``kind``, each by a different person living in the space's
    Municipio."""
    for _n in range(people):
        fact_record(
            kind=kind,
            source=f"test:{next(_sources)}",
            person=UserFactory(municipio=space.municipio if space else None),
            space=space,
            when=when,
            **values,
        )


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def cells(html: str, table_id: str) -> dict[str, tuple[str, str]]:
    """The rows of an account table: {line key: (this month, this year)} as printed."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)[0]
    out = {}
    for key, month, year in re.findall(
        r'data-line="([a-z_]+)">.*?<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>', table, re.S
    ):
        out[key] = (month.strip(), year.strip())
    return out


@pytest.fixture
def space():
    return SpaceFactory(municipio=3, title="Spazio WeMi Città Studi")


@pytest.fixture
def delivered(space):
    """Two families served (a small count), six volunteers' hours, three sessions."""
    record(FactKind.SERVICE_MEMBER, space=space, people=2, households=1)
    record(FactKind.VOLUNTEER_HOURS, space=space, people=6, quantity=2)
    record(FactKind.SERVICE_DELIVERY, space=space, people=3, quantity="1.5")
    record(FactKind.SERVICE_PAYMENT, space=space, people=5, family_cents=12_000, city_cents=3_050)
    return space


def test_the_public_sees_small_counts_hidden(delivered):
    html = page_text(client_of(), reverse("observatory:account_space", args=[delivered.pk]))
    rows = cells(html, "account-lines")
    assert rows["families_served"] == ("&lt; 5", "&lt; 5")
    assert rows["volunteer_hours"] == ("12,0", "12,0")
    # Sessions and hours name nobody: shown whatever they count.
    assert rows["sessions"] == ("3", "3")
    assert rows["hours_delivered"] == ("4,5", "4,5")
    assert rows["family_paid"][0] == "€ 600,00" and rows["city_covered"][0] == "€ 152,50"
    assert rows["needs"] == ("0", "0")
    assert "Spazio WeMi Città Studi" in html


def test_city_staff_and_the_spaces_coordinators_see_them_whole(delivered):
    url = reverse("observatory:account_space", args=[delivered.pk])
    for user in (CityStaffFactory(), CoordinatorFactory(space=delivered)):
        rows = cells(page_text(client_of(user), url), "account-lines")
        assert rows["families_served"] == ("2", "2"), user
    other_space = SpaceFactory(municipio=3)
    rows = cells(page_text(client_of(CoordinatorFactory(space=other_space)), url), "account-lines")
    assert rows["families_served"] == ("&lt; 5", "&lt; 5")
    # The Municipio's page is whole for city staff only.
    url = reverse("observatory:account_municipio", args=[3])
    assert cells(page_text(client_of(CityStaffFactory()), url), "account-lines")[
        "families_served"
    ] == ("2", "2")
    coordinator = CoordinatorFactory(space=delivered)
    assert cells(page_text(client_of(coordinator), url), "account-lines")["families_served"][0] == (
        "&lt; 5"
    )


def test_the_index_lists_the_nine_municipi_and_the_spaces(delivered):
    html = page_text(client_of(), reverse("observatory:account"))
    for number in range(1, 10):
        assert reverse("observatory:account_municipio", args=[number]) in html
    assert reverse("observatory:account_space", args=[delivered.pk]) in html
    assert 'aria-current="page" href="?periodo=mese"' in html
    html = page_text(client_of(), reverse("observatory:account"), {"periodo": "anno"})
    assert 'aria-current="page" href="?periodo=anno"' in html
    # An unknown period is this month.
    html = page_text(client_of(), reverse("observatory:account"), {"periodo": "<b>"})
    assert 'aria-current="page" href="?periodo=mese"' in html


def test_a_column_hides_a_second_cell_when_one_alone_would_be_worked_out():
    big, small = SpaceFactory(municipio=1), SpaceFactory(municipio=2)
    record(FactKind.VOLUNTEER_HOURS, space=big, people=7, quantity=1)
    record(FactKind.VOLUNTEER_HOURS, space=small, people=2, quantity=1)
    month = timezone.localdate().replace(day=1)
    public = accountability.table(
        "municipio_id",
        [municipio(1).pk, municipio(2).pk, municipio(3).pk],
        first_month=month.replace(year=month.year - 1),
        last_month=month.replace(year=month.year + 1),
        full=False,
        keys=("volunteer_hours",),
    )
    assert public[municipio(1).pk][0]["hidden"] and public[municipio(2).pk][0]["hidden"]
    # Nobody in Municipio 3: a zero, shown.
    assert public[municipio(3).pk][0] == {"key": "volunteer_hours", "value": 0, "hidden": False}


@pytest.mark.parametrize(
    "moment, this_month, this_year",
    [
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=ROME), ("6", "7"), "2026"),
        (datetime.datetime(2027, 1, 1, 0, 30, tzinfo=ROME), ("0", "0"), "2027"),
    ],
    ids=["new-years-eve-23-30", "new-year-00-30"],
)
def test_this_month_and_this_year_are_milans(space, moment, this_month, this_year):
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=ROME), tick=False):
        record(FactKind.NEED, space=space, people=1)
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 0, tzinfo=ROME), tick=False):
        record(FactKind.NEED, space=space, people=6)
    with time_machine.travel(moment, tick=False):
        html = page_text(
            client_of(CityStaffFactory()), reverse("observatory:account_space", args=[space.pk])
        )
    month, year = cells(html, "account-lines")["needs"]
    assert (month, year) == this_month
    assert f"{this_year}" in html


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=ROME), ("2026-12", "2026-01", "2026-11")),
        (datetime.datetime(2027, 1, 1, 0, 30, tzinfo=ROME), ("2027-01", "2027-01", "2026-12")),
        (datetime.datetime(2026, 3, 1, 0, 30, tzinfo=ROME), ("2026-03", "2026-01", "2026-02")),
    ],
)
def test_the_periods_are_read_in_milan(moment, expected):
    with time_machine.travel(moment, tick=False):
        periods = accountability.Periods.of()
    shown = (periods.this_month, periods.first_of_year, periods.last_month)
    assert tuple(f"{month:%Y-%m}" for month in shown) == expected


@pytest.mark.parametrize(
    "name, args",
    [
        ("account_municipio", [0]),
        ("account_municipio", [10]),
        ("account_municipio", [99999999999999999999]),
        ("account_space", [99999999999999999999]),
        ("account_space", [4242]),
        ("report_archive", [99999999999999999999]),
        ("report_archive", [12]),
    ],
)
def test_bad_ids_are_not_found(name, args):
    assert client_of().get(reverse(f"observatory:{name}", args=args)).status_code == 404


def test_a_space_in_draft_or_a_translation_is_not_found(space):
    space.unpublish()
    assert client_of().get(reverse("observatory:account_space", args=[space.pk])).status_code == 404


def test_the_pages_read_in_english(delivered):
    html = page_text(client_of(), f"/en/osservatorio/rendiconto/spazio/{delivered.pk}/")
    assert "Families served by shared services" in html and "Year " in html
    html = page_text(client_of(), "/en/osservatorio/rendiconto/")
    assert "What the network delivered" in html and "By Municipio" in html


@pytest.mark.parametrize("who", ["public", "city staff"])
def test_the_pages_cost_the_same_for_few_and_many_spaces_and_figures(
    who, django_assert_num_queries
):
    client = client_of(CityStaffFactory() if who == "city staff" else None)
    spaces = [SpaceFactory(municipio=4) for _ in range(2)]
    for space in spaces:
        record(FactKind.NEED, space=space, people=1)
    urls = [
        reverse("observatory:account"),
        reverse("observatory:account_municipio", args=[4]),
        reverse("observatory:account_space", args=[spaces[0].pk]),
    ]
    few = {url: queries_for(client, url) for url in urls}
    for index in range(6):
        space = SpaceFactory(municipio=4, title=f"Spazio in più {index}")
        for kind in (FactKind.NEED, FactKind.VOLUNTEER_HOURS, FactKind.SERVICE_MEMBER):
            record(kind, space=space, people=2, quantity=1, households=1)
        record(FactKind.NEED, space=spaces[0], people=2)
    for url in urls:
        text = page_text(client, url)
        if url != urls[-1]:
            assert text.count("Spazio in più ") >= 6
        with django_assert_num_queries(few[url], info=url):
            client.get(url)
