"""The desk's contacts log: logging a contact (service and form, every bad input with its
Italian error next to the field), the place stored on the row as it was, deleting within a
day, the totals counted by the database, the period (months in Milan's time, 29 February,
New Year's Eve), the CSV, who sees what, and that a desk never sees another's contacts."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from desk import contacts
from desk.demo_contacts import DEMO_CONTACTS, seed_contacts
from desk.models import DeskContact
from tests.desk.helpers import desk_space, register
from tests.factories import UserFactory, nil_in, service
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.queries import page_text, queries_for
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NOW = in_rome(datetime.date(2027, 3, 18), datetime.time(11, 0))
NEW = reverse("desk:contact_new")
LOG = reverse("desk:contacts")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def desk():
    return desk_space("WeMi Contatti")


@pytest.fixture
def other_desk():
    return desk_space("WeMi Altrove", municipio=5)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return in_rome(day, datetime.time(hour, minute))


def data(**changes) -> dict:
    nil = nil_in(8)
    values = {
        "happened_at": NOW - datetime.timedelta(hours=1),
        "channel": DeskContact.Channel.VISIT,
        "topics": [service("Baby sitter")],
        "municipio": nil.municipio,
        "nil": nil,
        "person": None,
        "anonymous": False,
        "outcome": DeskContact.Outcome.INFORMATION,
        "minutes": 15,
        "note": "",
    }
    values.update(changes)
    return values


def log(space, operator, **changes) -> DeskContact:
    return contacts.contact_log(actor=operator, space=space, data=data(**changes))


def form_data(**changes) -> dict:
    nil = nil_in(8)
    values = {
        "channel": "phone",
        "outcome": "oriented",
        "topics": [str(service("Baby sitter").pk), str(service("Badante").pk)],
        "municipio": str(nil.municipio_id),
        "nil": str(nil.pk),
        "day": "2027-03-18",
        "time": "10:30",
        "minutes": "20",
        "note": "",
    }
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def field_error(page, field: str) -> str:
    """The error shown next to a field (the block its input points to)."""
    html = page.content.decode()
    found = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else ""


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class TestLog:
    def test_a_contact_keeps_everything_and_is_audited(self, desk):
        space, operator = desk
        contact = log(space, operator, note="Cerca una baby sitter per il sabato")
        assert contact.space == space and contact.operator == operator
        assert contact.nil == nil_in(8) and contact.municipio.number == 8
        assert [topic.name for topic in contact.topics.all()] == ["Baby sitter"]
        entry = AuditEntry.objects.get(action="desk.contact_logged")
        assert entry.actor == operator
        assert entry.data["topics"] == [service("Baby sitter").pk]
        assert entry.data["municipio"] == contact.municipio_id

    def test_the_moment_defaults_to_now(self, desk):
        space, operator = desk
        values = data()
        del values["happened_at"]
        assert contacts.contact_log(actor=operator, space=space, data=values).happened_at == NOW

    def test_the_persons_place_is_the_default_and_stays_on_the_row(self, desk):
        space, operator = desk
        resident = register(space, operator, nil=nil_in(4))
        contact = log(space, operator, person=resident.user, municipio=None, nil=None)
        assert (contact.municipio.number, contact.nil) == (4, nil_in(4))
        # The person moves: the contact keeps where they lived then.
        person = resident.user
        person.municipio, person.nil = nil_in(9).municipio, nil_in(9)
        person.save()
        contact.refresh_from_db()
        assert contact.nil == nil_in(4)

    def test_a_place_given_wins_over_the_persons(self, desk):
        space, operator = desk
        resident = register(space, operator, nil=nil_in(4))
        contact = log(space, operator, person=resident.user)
        assert contact.nil == nil_in(8)

    def test_anonymous_without_a_place(self, desk):
        space, operator = desk
        contact = log(space, operator, anonymous=True, municipio=None, nil=None)
        assert contact.anonymous and contact.municipio is None

    def test_a_nil_alone_brings_its_municipio(self, desk):
        space, operator = desk
        assert log(space, operator, municipio=None, nil=nil_in(3)).municipio.number == 3

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"nil": "other"}, "nil"),
            ({"anonymous": True, "person": "resident"}, "anonymous"),
            ({"happened_at": NOW + datetime.timedelta(minutes=5)}, "happened_at"),
            ({"minutes": 0}, "minutes"),
            ({"minutes": 241}, "minutes"),
            ({"minutes": None}, "minutes"),
            ({"topics": []}, "topics"),
            ({"channel": "fax"}, "channel"),
            ({"outcome": "boh"}, "outcome"),
            ({"municipio": None, "nil": None}, "municipio"),
            ({"note": "x" * 301}, "note"),
        ],
    )
    def test_bad_input_is_refused_by_field(self, desk, changes, field):
        space, operator = desk
        if changes.get("nil") == "other":
            changes = {"municipio": nil_in(8).municipio, "nil": nil_in(2)}
        if changes.get("person") == "resident":
            changes["person"] = register(space, operator).user
        with pytest.raises(ValidationError) as error:
            log(space, operator, **changes)
        assert list(error.value.message_dict) == [field]
        assert not DeskContact.objects.exists()

    def test_the_edges_of_the_minutes(self, desk):
        space, operator = desk
        assert log(space, operator, minutes=1).minutes == 1
        assert log(space, operator, minutes=240).minutes == 240

    def test_only_who_works_at_the_desk(self, desk, other_desk):
        space, _operator = desk
        _other, stranger = other_desk
        for actor in (stranger, UserFactory()):
            with pytest.raises(PermissionDenied):
                log(space, actor)
        assert log(space, CoordinatorFactory(space=space)).pk
        assert log(space, CityStaffFactory()).pk


class TestDelete:
    def test_by_its_operator_within_a_day(self, desk, clock):
        space, operator = desk
        contact = log(space, operator)
        clock.shift(datetime.timedelta(hours=23))
        contacts.contact_delete(actor=operator, contact=contact)
        assert not DeskContact.objects.exists()
        assert AuditEntry.objects.filter(action="desk.contact_deleted").count() == 1

    def test_not_after_a_day(self, desk, clock):
        space, operator = desk
        contact = log(space, operator)
        clock.shift(datetime.timedelta(hours=24))
        with pytest.raises(StateConflict):
            contacts.contact_delete(actor=operator, contact=contact)
        assert DeskContact.objects.count() == 1

    def test_not_by_someone_else(self, desk):
        space, operator = desk
        contact = log(space, operator)
        for actor in (CoordinatorFactory(space=space), UserFactory()):
            with pytest.raises(PermissionDenied):
                contacts.contact_delete(actor=actor, contact=contact)
        assert DeskContact.objects.count() == 1

    def test_from_the_log(self, desk, client):
        space, operator = desk
        contact = log(space, operator)
        client.force_login(operator)
        assert f"/contatti/{contact.pk}/elimina/" in client.get(LOG).content.decode()
        page = client.post(reverse("desk:contact_delete", args=[contact.pk]), follow=True)
        assert "Contatto eliminato." in page.content.decode()
        assert not DeskContact.objects.exists()

    def test_from_the_log_not_by_another_desk(self, desk, other_desk, client):
        space, operator = desk
        contact = log(space, operator)
        client.force_login(other_desk[1])
        answer = client.post(reverse("desk:contact_delete", args=[contact.pk]))
        assert answer.status_code == 403
        assert DeskContact.objects.count() == 1


class TestForm:
    def test_comes_filled_in(self, desk, client):
        _space, operator = desk
        client.force_login(operator)
        page = client.get(NEW)
        html = page.content.decode()
        assert page.status_code == 200
        assert 'value="2027-03-18"' in html and 'value="11:00"' in html
        assert re.search(r'value="visit" id="id_channel_\d+" checked', html)
        # The topics come grouped by the catalogue's areas.
        for area in ("Sostegno alla famiglia", "Benessere della persona"):
            assert area in html
        assert "Registra un contatto" in html

    def test_saving_leads_back_to_the_form_with_a_message(self, desk, client):
        space, operator = desk
        client.force_login(operator)
        answer = client.post(NEW, form_data())
        assert answer.status_code == 302 and answer.url == NEW
        page = client.get(answer.url)
        assert "Contatto registrato. Puoi registrare il prossimo." in page.content.decode()
        contact = DeskContact.objects.get()
        assert contact.happened_at == at(datetime.date(2027, 3, 18), 10, 30)
        assert (contact.channel, contact.outcome, contact.minutes) == ("phone", "oriented", 20)
        assert {topic.name for topic in contact.topics.all()} == {"Baby sitter", "Badante"}
        assert contact.space == space and contact.operator == operator

    def test_the_person_brings_their_place(self, desk, client):
        space, operator = desk
        person = register(space, operator, nil=nil_in(4)).user
        client.force_login(operator)
        page = client.get(NEW, {"persona": person.pk})
        html = page.content.decode()
        assert "Contatto con Giuseppina Ferri." in html
        assert f'name="person" value="{person.pk}"' in html
        assert re.search(rf'<option value="{nil_in(4).pk}" selected>', html)
        answer = client.post(NEW, form_data(person=str(person.pk), municipio="", nil=""))
        assert answer.status_code == 302
        contact = DeskContact.objects.get()
        assert contact.person == person and contact.nil == nil_in(4)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"nil": "other"}, "nil", "Questo quartiere è nel Municipio 2."),
            (
                {"day": "2027-03-18", "time": "11:05"},
                "day",
                "Il contatto non può essere nel futuro.",
            ),
            ({"day": "2027-03-19"}, "day", "Il contatto non può essere nel futuro."),
            ({"minutes": "0"}, "minutes", "I minuti dedicati vanno da 1 a 240."),
            ({"minutes": "241"}, "minutes", "I minuti dedicati vanno da 1 a 240."),
            ({"topics": None}, "topics", "Scegli almeno un argomento."),
            ({"channel": None}, "channel", "Scegli come la persona si è rivolta allo sportello."),
            ({"outcome": None}, "outcome", "Scegli l'esito del contatto."),
            (
                {"municipio": "", "nil": ""},
                "municipio",
                "Scegli il Municipio della persona, oppure spunta “anonimo”.",
            ),
            (
                {"anonymous": "on", "person": "resident"},
                "anonymous",
                "Un contatto anonimo non indica nessuna persona",
            ),
        ],
    )
    def test_bad_input_shows_the_error_next_to_the_field(
        self, desk, client, changes, field, message
    ):
        space, operator = desk
        if changes.get("nil") == "other":
            changes = {"nil": str(nil_in(2).pk)}
        if changes.get("person") == "resident":
            changes["person"] = str(register(space, operator).user.pk)
        client.force_login(operator)
        page = client.post(NEW, form_data(**changes))
        assert page.status_code == 422
        shown = field_error(page, field)
        assert message.replace("'", "&#x27;") in shown or message in shown
        assert "Correggi" in page.content.decode()  # the summary at the top
        assert not DeskContact.objects.exists()

    def test_an_anonymous_contact_from_the_form(self, desk, client):
        _space, operator = desk
        client.force_login(operator)
        answer = client.post(NEW, form_data(anonymous="on", municipio="", nil=""))
        assert answer.status_code == 302
        assert DeskContact.objects.get().anonymous


def spread(space, operator):
    """Five contacts of March 2027 at ``space``'s desk, of every kind."""
    baby, carer, study = service("Baby sitter"), service("Badante"), service("Supporto allo studio")
    march = datetime.date(2027, 3, 1)
    log(space, operator, happened_at=at(march), topics=[baby, carer], minutes=10)
    log(
        space,
        operator,
        happened_at=at(march, 12),
        channel="phone",
        topics=[baby],
        minutes=5,
        outcome="joined",
    )
    log(
        space,
        operator,
        happened_at=at(datetime.date(2027, 3, 10)),
        channel="phone",
        topics=[study],
        municipio=None,
        nil=nil_in(2),
        minutes=30,
        outcome="joined",
    )
    log(
        space,
        operator,
        happened_at=at(datetime.date(2027, 3, 15)),
        channel="email",
        topics=[carer],
        anonymous=True,
        municipio=None,
        nil=None,
        minutes=7,
    )
    log(
        space,
        operator,
        happened_at=at(datetime.date(2027, 3, 18), 9),
        topics=[baby],
        municipio=None,
        nil=nil_in(2),
        minutes=40,
        outcome="social_services",
    )


class TestTotals:
    def test_counted_by_every_dimension(self, desk):
        space, operator = desk
        spread(space, operator)
        totals = contacts.totals(
            contacts.contacts_for(space, datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
        )
        assert (totals["count"], totals["minutes"]) == (5, 92)
        assert {row["channel"]: row["count"] for row in totals["by_channel"]} == {
            "visit": 2,
            "phone": 2,
            "email": 1,
        }
        assert {row["outcome"]: row["count"] for row in totals["by_outcome"]} == {
            "information": 2,
            "joined": 2,
            "social_services": 1,
        }
        assert {row["label"]: row["count"] for row in totals["by_topic"]} == {
            "Baby sitter": 3,
            "Badante": 2,
            "Supporto allo studio": 1,
        }
        places = {row["label"]: row["count"] for row in totals["by_place"]}
        assert places == {
            f"Municipio 8 · {nil_in(8).name}": 2,
            f"Municipio 2 · {nil_in(2).name}": 2,
            "non indicato": 1,
        }
        assert {row["label"]: row["minutes"] for row in totals["by_channel"]}["telefonata"] == 35

    def test_an_empty_period(self, desk):
        space, _operator = desk
        totals = contacts.totals(
            contacts.contacts_for(space, datetime.date(2027, 1, 1), datetime.date(2027, 1, 31))
        )
        assert totals == {
            "count": 0,
            "minutes": 0,
            "by_channel": [],
            "by_outcome": [],
            "by_topic": [],
            "by_place": [],
        }

    def test_the_same_queries_for_few_and_many_contacts(self, desk, django_assert_num_queries):
        space, operator = desk
        log(space, operator)
        period = (datetime.date(2027, 3, 1), datetime.date(2027, 3, 31))
        with django_assert_num_queries(6) as few:
            contacts.totals(contacts.contacts_for(space, *period))
        for _ in range(3):
            spread(space, operator)
        with django_assert_num_queries(len(few.captured_queries)):
            totals = contacts.totals(contacts.contacts_for(space, *period))
        assert totals["count"] == 16

    def test_on_the_page(self, desk, client):
        space, operator = desk
        spread(space, operator)
        client.force_login(operator)
        text = page_text(client, LOG)
        assert "5 contatti" in text and "92 minuti dedicati" in text
        assert "Per canale" in text and "Telefonata" in text
        assert "Per argomento" in text and "Baby sitter" in text
        assert "Per Municipio e quartiere" in text and "Non indicato" in text
        assert "5 contatti</strong>, 92 minuti dedicati." in text


class TestPeriod:
    def test_this_month_by_default(self, desk, client):
        space, operator = desk
        log(space, operator, happened_at=at(datetime.date(2027, 2, 28), 23, 59), note="febbraio")
        log(space, operator, happened_at=at(datetime.date(2027, 3, 1), 0, 0), note="marzo")
        client.force_login(operator)
        page = client.get(LOG)
        assert [contact.note for contact in page.context["page_obj"]] == ["marzo"]
        assert (page.context["start"], page.context["end"]) == (
            datetime.date(2027, 3, 1),
            datetime.date(2027, 3, 31),
        )

    def test_from_and_to_both_included(self, desk, client):
        space, operator = desk
        for day in (9, 10, 12, 13):
            log(space, operator, happened_at=at(datetime.date(2027, 3, day), 18), note=str(day))
        client.force_login(operator)
        page = client.get(LOG, {"dal": "2027-03-10", "al": "2027-03-12"})
        assert [contact.note for contact in page.context["page_obj"]] == ["12", "10"]

    def test_a_period_backwards_is_refused(self, desk, client):
        _space, operator = desk
        client.force_login(operator)
        page = client.get(LOG, {"dal": "2027-03-12", "al": "2027-03-10"})
        assert page.status_code == 422
        assert field_error(page, "al") == "L'ultimo giorno non può venire prima del primo.".replace(
            "'", "&#x27;"
        )
        csv_page = client.get(LOG, {"dal": "2027-03-12", "al": "2027-03-10", "formato": "csv"})
        assert csv_page.status_code == 422

    def test_29_february_2028(self, desk, client, clock):
        space, operator = desk
        clock.move_to(at(datetime.date(2028, 3, 2), 12))
        log(space, operator, happened_at=at(datetime.date(2028, 2, 29), 17), note="bisestile")
        log(space, operator, happened_at=at(datetime.date(2028, 3, 1), 9), note="marzo")
        client.force_login(operator)
        february = client.get(LOG, {"dal": "2028-02-01", "al": "2028-02-29"})
        assert [contact.note for contact in february.context["page_obj"]] == ["bisestile"]
        assert [contact.note for contact in client.get(LOG).context["page_obj"]] == ["marzo"]
        clock.move_to(at(datetime.date(2028, 2, 29), 18))
        page = client.get(LOG)
        assert page.context["end"] == datetime.date(2028, 2, 29)
        assert [contact.note for contact in page.context["page_obj"]] == ["bisestile"]

    def test_new_years_eve_in_milan(self, desk, client, clock):
        space, operator = desk
        clock.move_to(at(datetime.date(2028, 1, 1), 1))
        # 23:30 in Milan is 22:30 UTC; 00:30 on New Year's Day is still 31 December in UTC.
        log(space, operator, happened_at=at(datetime.date(2027, 12, 31), 23, 30), note="vigilia")
        log(space, operator, happened_at=at(datetime.date(2028, 1, 1), 0, 30), note="capodanno")
        client.force_login(operator)
        january = client.get(LOG)
        assert [contact.note for contact in january.context["page_obj"]] == ["capodanno"]
        december = client.get(LOG, {"dal": "2027-12-01", "al": "2027-12-31"})
        assert [contact.note for contact in december.context["page_obj"]] == ["vigilia"]
        assert "31/12/2027 23:30" in december.content.decode()
        rows = csv_rows(
            client.get(LOG, {"dal": "2027-12-01", "al": "2027-12-31", "formato": "csv"})
        )
        assert rows[1][:2] == ["2027-12-31", "23:30"]


class TestCsv:
    def test_header_values_and_formulas(self, desk, client):
        space, operator = desk
        person = register(space, operator, nil=nil_in(4)).user
        log(
            space,
            operator,
            happened_at=at(datetime.date(2027, 3, 17), 16, 45),
            person=person,
            municipio=None,
            nil=None,
            channel="phone",
            outcome="digital_help",
            topics=[service("Baby sitter"), service("Badante")],
            minutes=25,
            note='=HYPERLINK("http://x.example","clic")',
        )
        client.force_login(operator)
        answer = client.get(LOG, {"formato": "csv"})
        assert answer.status_code == 200
        assert answer["Content-Type"] == "text/csv; charset=utf-8"
        assert (
            'filename="contatti-sportello-20270301-20270331.csv"' in answer["Content-Disposition"]
        )
        rows = csv_rows(answer)
        assert rows[0] == [
            "Data",
            "Orario",
            "Canale",
            "Argomenti",
            "Municipio",
            "Quartiere (NIL)",
            "Persona",
            "Anonimo",
            "Esito",
            "Minuti",
            "Nota",
            "Operatore",
        ]
        assert rows[1] == [
            "2027-03-17",
            "16:45",
            "telefonata",
            rows[1][3],
            "4",
            nil_in(4).name,
            "Giuseppina Ferri",
            "no",
            "aiuto digitale",
            "25",
            '\'=HYPERLINK("http://x.example","clic")',
            "Luca Sportello",
        ]
        assert sorted(rows[1][3].split("; ")) == ["Baby sitter", "Badante"]
        assert len(rows) == 2

    def test_a_name_like_a_formula_is_quoted_too(self, desk, client):
        space, operator = desk
        person = register(space, operator, first_name="@SUM(A1", last_name="A2)").user
        log(space, operator, person=person)
        client.force_login(operator)
        rows = csv_rows(client.get(LOG, {"formato": "csv"}))
        assert rows[1][6] == "'@SUM(A1 A2)"

    def test_the_period_of_the_file(self, desk, client):
        space, operator = desk
        spread(space, operator)
        client.force_login(operator)
        rows = csv_rows(
            client.get(LOG, {"dal": "2027-03-10", "al": "2027-03-15", "formato": "csv"})
        )
        assert [row[0] for row in rows[1:]] == ["2027-03-15", "2027-03-10"]
        assert rows[2][4:6] == ["2", nil_in(2).name]
        assert rows[1][4:8] == ["", "", "", "sì"]


class TestPermissions:
    @pytest.fixture
    def people(self, desk, other_desk):
        space, operator = desk
        return {
            "operator": operator,
            "coordinator": CoordinatorFactory(space=space),
            "city": CityStaffFactory(),
            "other_operator": other_desk[1],
            "other_coordinator": CoordinatorFactory(space=other_desk[0]),
            "resident": register(space, operator).user,
            "member": UserFactory(),
        }

    @pytest.mark.parametrize(
        ("who", "status"),
        [
            ("operator", 200),
            ("coordinator", 200),
            ("city", 200),
            ("other_operator", 403),
            ("other_coordinator", 403),
            ("resident", 403),
            ("member", 403),
        ],
    )
    @pytest.mark.parametrize("page", ["log", "csv", "form"])
    def test_who_may(self, desk, people, client, who, status, page):
        space, operator = desk
        log(space, operator, note="visibile")
        client.force_login(people[who])
        url, query = {
            "log": (LOG, {}),
            "csv": (LOG, {"formato": "csv"}),
            "form": (NEW, {}),
        }[page]
        answer = client.get(url, {"spazio": space.pk, **query})
        assert answer.status_code == status
        if status == 200 and page != "form":
            assert "visibile" in answer.content.decode()

    @pytest.mark.parametrize("page", ["log", "form"])
    def test_anonymous_visitors_sign_in_first(self, client, page):
        url = LOG if page == "log" else NEW
        answer = client.get(url)
        assert answer.status_code == 302
        assert "/accounts/" in answer.url or "accedi" in answer.url
        assert client.post(NEW, form_data()).status_code == 302
        assert not DeskContact.objects.exists()

    def test_another_desk_cannot_post_to_this_one(self, desk, other_desk, client):
        space, _operator = desk
        client.force_login(other_desk[1])
        answer = client.post(f"{NEW}?spazio={space.pk}", form_data())
        assert answer.status_code == 403
        assert not DeskContact.objects.exists()

    def test_a_resident_cannot_post(self, desk, client):
        client.force_login(UserFactory())
        assert client.post(NEW, form_data()).status_code == 403
        assert not DeskContact.objects.exists()


class TestSeparation:
    def test_another_desks_contacts_never_appear(self, desk, other_desk, client):
        space, operator = desk
        other, stranger = other_desk
        log(space, operator, note="nostro", topics=[service("Baby sitter")])
        log(other, stranger, note="loro", topics=[service("Colf")], channel="email")
        client.force_login(stranger)
        html = client.get(LOG).content.decode()
        assert "loro" in html and "nostro" not in html and "Baby sitter" not in html
        rows = csv_rows(client.get(LOG, {"formato": "csv"}))
        assert [row[10] for row in rows[1:]] == ["loro"]
        client.force_login(operator)
        page = client.get(LOG)
        assert page.context["totals"]["count"] == 1
        assert [row["channel"] for row in page.context["totals"]["by_channel"]] == ["visit"]
        assert "loro" not in page.content.decode()

    def test_city_staff_see_the_desk_they_chose(self, desk, other_desk, client):
        space, operator = desk
        other, stranger = other_desk
        log(space, operator, note="nostro")
        log(other, stranger, note="loro")
        client.force_login(CityStaffFactory())
        page = client.get(LOG, {"spazio": other.pk})
        assert [contact.note for contact in page.context["page_obj"]] == ["loro"]


class TestPages:
    def test_linked_from_the_desk_home(self, desk, client):
        _space, operator = desk
        client.force_login(operator)
        html = client.get(reverse("desk:home")).content.decode()
        assert f'href="{NEW}"' in html and f'href="{LOG}"' in html

    def test_the_log_costs_the_same_for_few_and_many_contacts(
        self, desk, client, django_assert_num_queries
    ):
        space, operator = desk
        person = register(space, operator).user
        log(space, operator, person=person)
        client.force_login(operator)
        few = queries_for(client, LOG)
        for _ in range(4):
            spread(space, operator)
            log(space, operator, person=person, topics=[service("Colf"), service("Badante")])
        text = page_text(client, LOG)
        assert "25 contatti" in text
        with django_assert_num_queries(few):
            client.get(LOG)


class TestDemo:
    def test_seeds_varied_contacts_once(self, desk):
        space, operator = desk
        register(space, operator, nil=nil_in(1))
        made = seed_contacts(space, operator)
        assert len(made) == len(DEMO_CONTACTS) >= 15
        assert {contact.channel for contact in made} == set(DeskContact.Channel.values)
        assert {contact.outcome for contact in made} == set(DeskContact.Outcome.values)
        assert all(contact.happened_at < NOW for contact in made)
        assert any(contact.person for contact in made) and any(c.anonymous for c in made)
        assert seed_contacts(space, operator) == []
        assert DeskContact.objects.count() == len(DEMO_CONTACTS)
