"""Residents registered at a desk: the record (no password, optional e-mail, phone and
codice fiscale checked), duplicates that lead to the existing person, the paper consent,
finding someone by exact match only, and the pages as the desk meets them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from desk import residents
from desk.models import DeskResident
from tests.desk.helpers import desk_space, register, resident_data
from tests.factories import UserFactory, nil_in
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from wemi_community.core.errors import StateConflict
from wemi_community.core.models import AuditEntry

pytestmark = pytest.mark.django_db
BORN = datetime.date(1948, 8, 12)


@pytest.fixture
def desk():
    return desk_space("WeMi San Gottardo")


class TestRegister:
    def test_no_password_no_email_and_the_audit(self, desk):
        space, operator = desk
        resident = register(space, operator, consent=False, phone="333 412 8890")
        user = resident.user
        assert not user.has_usable_password() and user.email is None
        assert resident.phone == "+393334128890"
        assert user.household_size == 3 and user.nil is not None
        entry = AuditEntry.objects.get(action="desk.resident_registered")
        assert (entry.actor, entry.on_behalf_of) == (operator, user)

    def test_international_number_and_homocode(self, desk):
        space, operator = desk
        resident = register(
            space,
            operator,
            phone="+44 20 7946 0958",
            fiscal_code="rssmra80a01f20rs",
            birth_date=None,
        )
        assert resident.phone == "+442079460958"
        assert resident.fiscal_code == "RSSMRA80A01F20RS"
        assert resident.birth_date == datetime.date(1980, 1, 1)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"phone": "123"}, "phone"),
            ({"phone": "telefono"}, "phone"),
            ({"fiscal_code": "RSSMRA80A01F205Y"}, "fiscal_code"),
            ({"fiscal_code": "RSSMRA80"}, "fiscal_code"),
            (
                {"fiscal_code": "RSSMRA80A01F205X", "birth_date": datetime.date(1981, 1, 1)},
                "birth_date",
            ),
            ("nil-outside-its-municipio", "nil"),
        ],
    )
    def test_bad_input_by_field(self, desk, changes, field):
        space, operator = desk
        if changes == "nil-outside-its-municipio":
            changes = {"nil": nil_in(8), "municipio": nil_in(3).municipio}
        with pytest.raises(ValidationError) as error:
            residents.resident_register(actor=operator, space=space, data=resident_data(**changes))
        assert field in error.value.message_dict
        assert not DeskResident.objects.exists()

    def test_a_registered_codice_fiscale_leads_to_the_person(self, desk):
        space, operator = desk
        first = register(space, operator, fiscal_code="RSSMRA80A01F205X", birth_date=None)
        with pytest.raises(residents.AlreadyRegistered) as conflict:
            register(space, operator, fiscal_code="RSSMRA80A01F205X", birth_date=None)
        assert conflict.value.person == first.user
        assert DeskResident.objects.count() == 1

    def test_an_email_of_an_online_account_leads_to_it(self, desk):
        space, operator = desk
        online = UserFactory(email="anna@example.org")
        with pytest.raises(residents.AlreadyRegistered) as conflict:
            register(space, operator, email="Anna@Example.org")
        assert conflict.value.person == online

    def test_only_the_desk_of_the_space(self, desk):
        space, _operator = desk
        _other_space, other_operator = desk_space()
        for actor in (other_operator, UserFactory()):
            with pytest.raises(PermissionDenied):
                residents.resident_register(actor=actor, space=space, data=resident_data())
        assert residents.resident_register(
            actor=CityStaffFactory(), space=space, data=resident_data()
        )


class TestConsent:
    def test_recorded_once_with_the_privacy_version(self, desk, settings):
        settings.PRIVACY_NOTICE_VERSION = "2026-03"
        space, operator = desk
        resident = register(space, operator)
        assert resident.privacy_version == "2026-03"
        assert resident.consent_recorded_by == operator
        assert resident.user.privacy_consent_at is not None
        with pytest.raises(StateConflict):
            residents.consent_record(actor=operator, resident=resident)

    def test_the_printed_form_is_filled_in(self, client, desk):
        space, operator = desk
        resident = register(space, operator, consent=False, fiscal_code="FRRGPP48M52F205A")
        client.force_login(operator)
        page = client.get(reverse("desk:consent_print", args=[resident.user_id]))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Consenso al trattamento dei dati personali" in text
        assert "FRRGPP48M52F205A" in text and "Giuseppina" in text
        assert "Informativa privacy, versione 2026-01" in text


class TestFind:
    def test_exact_matches_only(self, desk):
        space, operator = desk
        resident = register(space, operator, fiscal_code="FRRGPP48M52F205A", phone="02 8844 1203")
        _other_space, other_operator = desk_space()
        for query in (
            {"fiscal_code": "frrgpp48m52f205a"},
            {"phone": "+39 02 8844 1203"},
            {
                "first_name": "giuseppina",
                "last_name": "FERRI",
                "birth_date": datetime.date(1948, 8, 12),
            },
        ):
            # Any desk finds a person by an exact match.
            assert residents.residents_find(actor=other_operator, **query) == [resident.user]
        assert (
            residents.residents_find(
                actor=operator,
                first_name="Giuseppina",
                last_name="Ferr",
                birth_date=datetime.date(1948, 8, 12),
            )
            == []
        )
        with pytest.raises(ValidationError):
            residents.residents_find(actor=operator, first_name="Giuseppina", last_name="Ferri")

    def test_never_more_than_a_few(self, desk):
        space, operator = desk
        for _ in range(residents.MAX_FOUND + 1):
            register(space, operator)
        with pytest.raises(residents.TooManyFound):
            residents.residents_find(
                actor=operator,
                first_name="Giuseppina",
                last_name="Ferri",
                birth_date=datetime.date(1948, 8, 12),
            )

    def test_nobody_else_may_search(self, desk):
        space, operator = desk
        register(space, operator, phone="02 8844 1203")
        for actor in (UserFactory(),):
            with pytest.raises(PermissionDenied):
                residents.residents_find(actor=actor, phone="02 8844 1203")


class TestPages:
    def test_register_page_errors_in_italian_next_to_the_field(self, client, desk):
        space, operator = desk
        client.force_login(operator)
        data = {**resident_data(phone="12", fiscal_code="XYZ"), "municipio": "", "nil": ""}
        page = client.post(reverse("desk:register"), {k: v or "" for k, v in data.items()})
        text = page.content.decode()
        assert page.status_code == 422
        assert "non è un numero di telefono" in text
        assert "non è un codice fiscale valido" in text
        assert not DeskResident.objects.exists()

    def test_a_duplicate_leads_to_the_existing_person(self, client, desk):
        space, operator = desk
        resident = register(space, operator, fiscal_code="FRRGPP48M52F205A")
        client.force_login(operator)
        data = resident_data(fiscal_code="FRRGPP48M52F205A")
        data.update(municipio="", nil="", birth_date="")
        page = client.post(reverse("desk:register"), data)
        assert page.status_code == 409
        assert reverse("desk:resident", args=[resident.user_id]) in page.content.decode()

    def test_register_then_the_desk_page(self, client, desk):
        space, operator = desk
        client.force_login(operator)
        nil = nil_in(8)
        data = resident_data(nil=nil)
        data.update(municipio=nil.municipio.pk, nil=nil.pk, birth_date="1948-08-12")
        answer = client.post(reverse("desk:register"), data)
        user = DeskResident.objects.get().user
        assert answer.status_code == 302 and answer["Location"] == reverse(
            "desk:resident", args=[user.pk]
        )
        text = client.get(answer["Location"]).content.decode()
        assert "Il consenso non è ancora stato firmato" in text

    @pytest.mark.parametrize("who", ["other-desk", "resident", "anonymous", "coordinator-other"])
    def test_who_is_refused(self, client, desk, who):
        space, operator = desk
        resident = register(space, operator)
        other_space, other_operator = desk_space()
        people = {
            "other-desk": other_operator,
            "resident": UserFactory(),
            "anonymous": None,
            "coordinator-other": CoordinatorFactory(space=other_space),
        }
        if people[who]:
            client.force_login(people[who])
        edit = client.get(reverse("desk:resident_edit", args=[resident.user_id]))
        assert edit.status_code in (302, 403)
        if who in ("resident", "anonymous"):
            page = client.get(reverse("desk:resident", args=[resident.user_id]))
            assert page.status_code in (302, 403)
            assert client.get(reverse("desk:home")).status_code in (302, 403)
