"""Monthly reports of the Municipi: made once for the month before, on the 1st (the task and
its schedule), kept unless city staff make them again, published with small counts hidden,
as a page and a PDF; an archive per Municipio."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from observatory import tasks
from observatory.models import MonthlyReport
from observatory.reports import monthly_report_make
from tests.factories import UserFactory, municipio
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.factories.spaces import SpaceFactory
from tests.language_leaks import ENGLISH_WORDS, ITALIAN_WORDS, leaks, masks_from_database
from tests.observatory.test_accountability import client_of, record
from tests.queries import page_text, queries_for
from wemi_community.core import schedules
from wemi_community.core.milan import ROME
from wemi_community.evidence.kinds import FactKind

pytestmark = pytest.mark.django_db

NOVEMBER = datetime.date(2026, 11, 1)


def pdf_title(content: bytes) -> str:
    """The PDF's title (its metadata, UTF-16 in hex): the text of its pages is compressed."""
    hexa = re.search(rb"/Title <feff([0-9a-f]+)>", content)[1]
    return bytes.fromhex(hexa.decode()).decode("utf-16-be")


@pytest.fixture
def november(db):
    """A space of Municipio 3 that in November served 2 families (a small count) and had
    7 volunteers giving 2 hours each."""
    space = SpaceFactory(municipio=3, title="Spazio WeMi Città Studi")
    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, tzinfo=ROME), tick=False):
        record(FactKind.SERVICE_MEMBER, space=space, people=2, households=1)
        record(FactKind.VOLUNTEER_HOURS, space=space, people=7, quantity=2)
    return space


def report_url(name: str, number: int = 3, month: str = "2026-11") -> str:
    return reverse(f"observatory:{name}", args=[number, month])


def test_the_task_makes_last_months_nine_reports_once(november):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 6, 0, tzinfo=ROME), tick=False):
        assert tasks.monthly_reports_make() == 9
        assert tasks.monthly_reports_make() == 0
    assert MonthlyReport.objects.count() == 9
    assert set(MonthlyReport.objects.values_list("month", flat=True)) == {NOVEMBER}
    assert sorted(MonthlyReport.objects.values_list("municipio__number", flat=True)) == list(
        range(1, 10)
    )


def test_at_00_30_on_new_years_day_the_report_is_decembers():
    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 30, tzinfo=ROME), tick=False):
        tasks.monthly_reports_make()
    assert set(MonthlyReport.objects.values_list("month", flat=True)) == {
        datetime.date(2026, 12, 1)
    }


def test_the_schedule_runs_on_the_1st_at_six_in_milan():
    [periodic] = [p for p in schedules.declared() if p.name == "observatory.monthly_reports"]
    first = periodic.first_run(datetime.datetime(2026, 12, 5, 10, tzinfo=ROME))
    assert first == datetime.datetime(2027, 1, 1, 6, tzinfo=ROME)
    on_the_day = periodic.first_run(datetime.datetime(2027, 3, 1, 5, 59, tzinfo=ROME))
    assert on_the_day == datetime.datetime(2027, 3, 1, 6, tzinfo=ROME)
    schedules.sync()
    schedule = Schedule.objects.get(name="observatory.monthly_reports")
    assert schedule.schedule_type == Schedule.MONTHLY
    assert timezone.localtime(schedule.next_run).day == 1
    assert timezone.localtime(schedule.next_run).hour == 6


def test_making_it_again_keeps_it_unless_asked_to_replace(november):
    report, created = monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    assert created
    # A late fact: the report kept is the one made, until city staff ask for it again.
    with time_machine.travel(datetime.datetime(2026, 11, 28, 10, tzinfo=ROME), tick=False):
        record(FactKind.SERVICE_MEMBER, space=november, people=4, households=1)
    again, created = monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    assert not created and again.pk == report.pk
    assert again.figures == report.figures
    replaced, created = monthly_report_make(municipio=municipio(3), month=NOVEMBER, replace=True)
    assert not created and replaced.pk == report.pk
    assert replaced.figures != report.figures
    assert MonthlyReport.objects.count() == 1


def test_the_report_is_published_with_small_counts_hidden(november):
    report, _created = monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    lines = {line["key"]: line for line in report.figures["month_lines"]}
    assert lines["families_served"] == {"key": "families_served", "hidden": True, "value": None}
    assert lines["volunteer_hours"]["value"] == "14.0"
    # Even city staff read the published version: it is what the tables receive.
    html = page_text(client_of(CityStaffFactory()), report_url("report_detail"))
    assert "Spazio WeMi Città Studi" in html and "&lt; 5" in html
    assert re.search(r"Volunteer hours approved|Ore di volontariato approvate", html)
    # The PDF is the archived one, a valid PDF naming the Municipio.
    response = client_of().get(report_url("report_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    assert content == bytes(report.pdf)
    title = pdf_title(content)
    assert "Municipio 3" in title and "Rendiconto mensile" in title and "novembre 2026" in title


def test_an_english_reader_gets_the_pdf_in_english(november):
    monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    response = client_of().get("/en/osservatorio/rendiconto/municipio/3/report/2026-11/pdf/")
    assert response.status_code == 200
    title = pdf_title(response.content)
    assert "Monthly report" in title and "Municipio 3" in title and "November 2026" in title


def test_the_archive_lists_the_reports_with_their_downloads(november):
    for month in (datetime.date(2026, 10, 1), NOVEMBER):
        monthly_report_make(municipio=municipio(3), month=month)
    html = page_text(client_of(), reverse("observatory:report_archive", args=[3]))
    assert report_url("report_pdf") in html and report_url("report_pdf", month="2026-10") in html
    assert report_url("report_detail") in html
    # Another Municipio has none yet.
    html = page_text(client_of(), reverse("observatory:report_archive", args=[4]))
    assert 'id="report-archive-empty"' in html
    # The Municipio's page links to its latest.
    html = page_text(client_of(), reverse("observatory:account_municipio", args=[3]))
    assert report_url("report_detail") in html


def test_only_city_staff_make_a_report_again(november):
    monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    url = report_url("report_regenerate")
    assert client_of().post(url).status_code == 302  # to sign in
    assert client_of(UserFactory()).post(url).status_code == 403
    assert client_of(CoordinatorFactory(space=november)).post(url).status_code == 403
    assert client_of(CityStaffFactory()).get(url).status_code == 405
    staff = client_of(CityStaffFactory())
    assert 'id="report-regenerate"' in page_text(staff, report_url("report_detail"))
    assert 'id="report-regenerate"' not in page_text(client_of(), report_url("report_detail"))
    with time_machine.travel(datetime.datetime(2026, 11, 28, 10, tzinfo=ROME), tick=False):
        record(FactKind.SERVICE_MEMBER, space=november, people=4, households=1)
    response = staff.post(url)
    assert response.status_code == 302 and response["Location"] == report_url("report_detail")
    lines = cells_of(MonthlyReport.objects.get())
    assert lines["families_served"]["value"] == "6"  # six families now: shown


def cells_of(report) -> dict:
    return {line["key"]: line for line in report.figures["month_lines"]}


@pytest.mark.parametrize(
    "name, number, month",
    [
        ("report_detail", 3, "2026-10"),  # no report that month
        ("report_detail", 3, "2026-13"),
        ("report_detail", 3, "novembre"),
        ("report_detail", 99999999999999999999, "2026-11"),
        ("report_pdf", 3, "9999-99"),
        ("report_pdf", 10, "2026-11"),
        ("report_pdf", 99999999999999999999, "2026-11"),
    ],
)
def test_bad_reports_are_not_found(november, name, number, month):
    monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    assert client_of().get(report_url(name, number, month)).status_code == 404
    staff = client_of(CityStaffFactory())
    assert staff.post(report_url("report_regenerate", number, month)).status_code == 404


def test_the_archive_and_the_report_cost_the_same_for_few_and_many(
    november, django_assert_num_queries
):
    client = client_of()
    monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    urls = [reverse("observatory:report_archive", args=[3]), report_url("report_detail")]
    few = {url: queries_for(client, url) for url in urls}
    for index in range(8):
        monthly_report_make(municipio=municipio(3), month=datetime.date(2025, index + 1, 1))
    for url in urls:
        page_text(client, url)
        with django_assert_num_queries(few[url], info=url):
            client.get(url)


def test_the_pages_speak_one_language(november):
    """English pages show no Italian outside names, Italian ones no English."""
    monthly_report_make(municipio=municipio(3), month=NOVEMBER)
    masks = masks_from_database()
    paths = [
        "osservatorio/rendiconto/",
        "osservatorio/rendiconto/?periodo=anno",
        "osservatorio/rendiconto/municipio/3/",
        f"osservatorio/rendiconto/spazio/{november.pk}/",
        "osservatorio/rendiconto/municipio/3/report/",
        "osservatorio/rendiconto/municipio/3/report/2026-11/",
    ]
    for client in (client_of(), client_of(CityStaffFactory())):
        for prefix, vocabulary in (("/en/", ITALIAN_WORDS), ("/", ENGLISH_WORDS)):
            for path in paths:
                response = client.get(prefix + path)
                assert response.status_code == 200, path
                found = leaks(response.content.decode(), vocabulary, masks)
                assert not found, (prefix + path, found)
