"""A weekly event is one line wherever events are listed (the list, a space's page, the home
page, the search), with its rhythm and its next dates; the filters and the pages count series,
not dates; the month calendar still shows every date. Courses are one line too."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events import selectors, services
from events.views import EVENTS_PER_PAGE
from tests.events.helpers import day, publish, space_with_coordinator, weekly_course
from tests.events.helpers import weekly as weekly_series
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.instants]

ITALIAN_DAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def weekly(*, times: int, title="Sportello digitale", **changes):
    return weekly_series(times=times, skip_closures=False, title=title, **changes)


def page_of(client, url="", **query):
    return client.get(url or reverse("events:list"), query).content.decode()


def lines(text: str, title: str) -> int:
    """How many times a title is shown as a link of the list (a card's or a section's)."""
    return len(re.findall(rf">{re.escape(title)}</a>", text))


class TestTheList:
    def test_a_weekly_series_is_one_line_with_its_rhythm_and_next_dates(self, client):
        events, coordinator = weekly(times=10)
        publish(space=events[0].space, coordinator=coordinator, title="Cucito", days=4)
        text = page_of(client)
        assert lines(text, "Sportello digitale") == 1 and lines(text, "Cucito") == 1
        assert "2 eventi" in text
        weekday = ITALIAN_DAYS[timezone.localtime(events[0].starts_at).weekday()]
        assert f"Ogni {weekday}, 10:00–12:00" in text
        shown = [event.get_absolute_url() for event in events[: selectors.DATES_SHOWN]]
        assert all(f'href="{url}"' in text for url in shown)
        assert f'href="{events[selectors.DATES_SHOWN].get_absolute_url()}"' not in text
        assert f"e altre {10 - selectors.DATES_SHOWN}" in text

    def test_the_pages_count_series_not_dates(self, client):
        space, coordinator = space_with_coordinator()
        weekly(times=30, space=space, coordinator=coordinator)
        for n in range(EVENTS_PER_PAGE):
            publish(space=space, coordinator=coordinator, title=f"Incontro {n}", days=20 + n)
        first = page_of(client)
        assert f"{EVENTS_PER_PAGE + 1} eventi" in first
        assert lines(first, "Sportello digitale") == 1
        second = page_of(client, page=2)
        assert f"Incontro {EVENTS_PER_PAGE - 1}</a>" in second
        assert lines(second, "Sportello digitale") == 0 and "?page=3" not in first + second

    def test_a_series_shows_when_any_of_its_dates_matches_with_those_dates(self, client):
        space, coordinator = space_with_coordinator(municipio=8)
        other, _other_coordinator = space_with_coordinator(municipio=3)
        events, _c = weekly(
            times=6,
            space=space,
            coordinator=coordinator,
            category="desk",
            description="Aiuto con lo SPID e il computer",
            capacity=1,
            max_seats_per_registration=1,
        )

        def shown(**query) -> list[int]:
            text = page_of(client, **query)
            if lines(text, "Sportello digitale") != 1:
                return []
            return [event.pk for event in events if f'href="{event.get_absolute_url()}"' in text]

        third = timezone.localtime(events[2].starts_at).date()
        assert shown(date_from=third.isoformat(), date_to=third.isoformat()) == [events[2].pk]
        assert shown(date_from=third.isoformat()) == [event.pk for event in events[2:]]
        services.registration_create(actor=UserFactory(), event=events[0], seats=1)
        assert shown(free_seats="on") == [event.pk for event in events[1:5]]
        assert shown(space=space.pk) and shown(municipio=space.municipio.pk)
        assert shown(category="desk") and shown(q="spid computer")
        assert not shown(space=other.pk) and not shown(category="workshop")
        assert not shown(q="ceramica")

    def test_a_date_with_other_hours_says_them(self, client):
        events, coordinator = weekly(times=3)
        moved = timezone.localtime(events[1].starts_at)
        services.event_update(
            actor=coordinator,
            event=events[1],
            data={
                "starts_at": moved.replace(hour=15),
                "ends_at": moved.replace(hour=17),
            },
        )
        text = page_of(client)
        link = re.search(rf'href="{events[1].get_absolute_url()}">([^<]*)</a>', text)
        assert link and link.group(1).endswith(", 15:00")
        assert f'href="{events[2].get_absolute_url()}">' in text and text.count(", 15:00</a>") == 1

    def test_a_course_is_one_line_that_leads_to_the_course(self, client):
        course, _c = weekly_course(sessions=4)
        text = page_of(client)
        assert lines(text, "Educazione finanziaria") == 1
        assert f'href="{course.get_absolute_url()}"' in text
        assert "Prossimo incontro:" in text and "Poi:" in text
        assert "Corso: 10 posti liberi" in text

    def test_the_query_count_stays_the_same_with_many_dates(
        self, client, django_assert_max_num_queries
    ):
        space, coordinator = space_with_coordinator()
        weekly(times=2, space=space, coordinator=coordinator)
        publish(space=space, coordinator=coordinator, title="Una volta sola")
        client.get(reverse("events:list"))
        with django_assert_max_num_queries(30) as few:
            client.get(reverse("events:list"))
        # Counted now: the connection's log of queries is bounded and the writes below roll it.
        few = len(few.captured_queries)
        for n in range(3):
            weekly(times=120, space=space, coordinator=coordinator, title=f"Serie {n}")
        weekly_course(space=space, coordinator=coordinator, sessions=40)
        # The writes moved the versions of the cached fragments (each query string has its
        # own filter options): compare warm with warm.
        filtered = {"free_seats": "on", "date_from": day(10).isoformat()}
        page_of(client)
        page_of(client, **filtered)
        with django_assert_max_num_queries(few):
            text = page_of(client)
        assert lines(text, "Serie 2") == 1
        with django_assert_max_num_queries(few):
            page_of(client, **filtered)


class TestElsewhere:
    def test_the_space_page_the_home_page_and_the_search_show_a_series_once(self, client):
        events, _c = weekly(times=12, title="Sportello di ceramica")
        for url in (events[0].space.url, "/"):
            text = page_of(client, url)
            assert lines(text, "Sportello di ceramica") == 1
            assert f'href="{events[1].get_absolute_url()}"' in text
        results = page_of(client, reverse("search"), q="ceramica")
        assert lines(results, "Sportello di ceramica") == 1
        assert events[0].get_absolute_url() in results and "prossima data" in results

    def test_the_space_section_costs_one_query_whatever_the_dates(self, django_assert_num_queries):
        events, coordinator = weekly(times=40, title="Sportello")
        space = events[0].space
        weekly_course(space=space, coordinator=coordinator, sessions=10)
        with django_assert_num_queries(1):
            section = selectors.upcoming_by_space([space])[space.pk]
        assert [listing.event.title for listing in section] == [
            "Sportello",
            "Educazione finanziaria",
        ]
        assert len(section[0].dates) == selectors.DATES_SHOWN and section[0].more > 0

    def test_the_month_calendar_still_shows_every_date(self, client):
        events, _c = weekly(times=6)
        month = timezone.localtime(events[0].starts_at).strftime("%Y-%m")
        text = page_of(client, reverse("events:calendar"), mese=month)
        in_month = [
            event
            for event in events
            if timezone.localtime(event.starts_at).strftime("%Y-%m") == month
        ]
        assert all(f'href="{event.get_absolute_url()}"' in text for event in in_month)
        assert text.count("Sportello digitale<span") == len(in_month)

    def test_a_dates_page_says_the_rhythm(self, client):
        events, _c = weekly(times=3)
        text = page_of(client, events[1].get_absolute_url())
        weekday = ITALIAN_DAYS[timezone.localtime(events[1].starts_at).weekday()]
        assert f"Ogni {weekday}. Questa pagina riguarda questa data." in text


@pytest.mark.parametrize(
    ("weekdays", "interval", "italian", "english"),
    [
        ((1,), 1, "Ogni martedì", "Every Tuesday"),
        ((3, 1), 1, "Ogni martedì e giovedì", "Every Tuesday and Thursday"),
        ((0, 2, 4), 1, "Ogni lunedì, mercoledì e venerdì", "Every Monday, Wednesday and Friday"),
        ((6,), 2, "Ogni 2 settimane: domenica", "Every 2 weeks on Sunday"),
    ],
)
def test_a_rule_in_words(weekdays, interval, italian, english):
    with translation.override("it"):
        assert selectors.rhythm(weekdays, interval) == italian
    with translation.override("en"):
        assert selectors.rhythm(weekdays, interval) == english
