"""People look for an event by what it is: "corso" on the events' list finds a course's
sessions although its title says "Educazione finanziaria", and the site search finds the
course. On SQLite nothing is stemmed, so the singular, the plural and the English word are
each in the index (``text_search.in_every_language``)."""

import pytest
from django.urls import reverse

from cms_templates.text_search import in_every_language
from events.models import Category, Course
from tests.events.helpers import publish, weekly_course

pytestmark = pytest.mark.django_db


def listed(client, words: str) -> str:
    response = client.get(reverse("events:list"), {"q": words})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("words", ["corso", "corsi", "Corso", "course", "corso educazione"])
def test_corso_finds_the_course_on_the_events_list(client, words):
    course, _coordinator = weekly_course(title="Educazione finanziaria: il bilancio di casa")
    publish(title="Merenda in musica", category=Category.PARTY)
    page = listed(client, words)
    assert course.title in page
    assert "Merenda in musica" not in page


def test_the_kind_of_any_event_finds_it(client):
    publish(title="Ceramica per tutti", category=Category.WORKSHOP)
    assert "Ceramica per tutti" in listed(client, "laboratorio")
    assert "Ceramica per tutti" not in listed(client, "corso")


def test_the_site_search_finds_the_course_by_corso(client):
    course, _coordinator = weekly_course(title="Educazione finanziaria: il bilancio di casa")
    results = client.get(reverse("search"), {"q": "corso"}).content.decode()
    assert course.get_absolute_url() in results


def test_the_words_of_a_kind_in_every_language():
    # Lazy labels, translated in turn; repeated words once.
    labels = (Course._meta.verbose_name, Course._meta.verbose_name_plural, Category.COURSE.label)
    assert in_every_language(*labels) == "corso corsi course courses"
