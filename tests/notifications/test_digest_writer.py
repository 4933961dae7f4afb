"""The digest writer computes once per batch what the template would compute per e-mail: the
result must be what the template's own tags and filters print."""

import datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import translation

from tests.notifications.test_digest import DAY, html_of, people, waiting
from wemi_community.notifications import emails, tasks
from wemi_community.notifications.models import Notification
from wemi_community.notifications.unsubscribe import ALL, unsubscribe_url

WHEN = datetime.datetime(2026, 11, 22, 17, 45, 12, tzinfo=datetime.UTC)


def _template_date(value, language: str) -> str:
    with translation.override(language):
        return Template('{{ value|date:"SHORT_DATETIME_FORMAT" }}').render(
            Context({"value": value})
        )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_dates_links_and_excerpts_are_what_the_template_filters_print(language):
    (reader,) = people(1, preferred_language=language)
    long_excerpt = "parola " * 50  # 350 characters: cut to 200 like |truncatechars:200
    (row,) = waiting([reader], per_person=1)
    Notification.objects.filter(pk=row.pk).update(created_at=WHEN, excerpt=long_excerpt[:300])

    assert tasks.digest_send_batch([reader.pk], DAY.isoformat()) == 1

    (message,) = mail.outbox
    expected_date = _template_date(WHEN, language)
    cut = Template("{{ text|truncatechars:200 }}").render(Context({"text": long_excerpt[:300]}))
    assert len(cut) == 200 and cut.endswith("…")
    assert f"({expected_date})" in message.body
    assert f"“{cut}”" in message.body
    with translation.override(language):
        expected_unsubscribe = unsubscribe_url(reader, ALL)
    assert message.extra_headers["List-Unsubscribe"] == f"<{expected_unsubscribe}>"
    assert expected_unsubscribe in message.body and expected_unsubscribe in html_of(message)


@pytest.mark.django_db
def test_one_writer_serves_both_languages_in_the_batch_order():
    readers = people(4)
    for index, reader in enumerate(readers):
        reader.preferred_language = "en" if index % 2 else "it"
        reader.save(update_fields=["preferred_language"])
    waiting(readers, per_person=2)
    rows = {reader.pk: list(Notification.objects.filter(recipient=reader)) for reader in readers}

    built = emails.DigestWriter(DAY).messages([(reader, rows[reader.pk]) for reader in readers])

    assert [message.to for message in built] == [[reader.email] for reader in readers]
    assert [message.body.split(" ", 1)[0] for message in built] == ["Ciao", "Hello"] * 2
    # The same e-mail as one written on its own.
    alone = emails.digest_message(readers[1], rows[readers[1].pk], day=DAY)
    assert alone.body == built[1].body and html_of(alone) == html_of(built[1])
    assert translation.get_language() == "it"  # the languages switched back


@pytest.mark.django_db
def test_a_batch_reads_the_same_for_ten_people_as_for_fifty(django_assert_max_num_queries):
    def batch_queries(count: int) -> int:
        readers = people(count)
        waiting(readers, per_person=2)
        with django_assert_max_num_queries(13 + count) as captured:
            assert tasks.digest_send_batch([r.pk for r in readers], DAY.isoformat()) == count
        # Beside the one UPDATE per e-mail that marks it sent, the queries are fixed.
        return len(captured) - count

    assert batch_queries(10) == batch_queries(50)
