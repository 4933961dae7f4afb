"""Download my data: the ZIP holds everything every app keeps about the person (and nothing
about anyone else), its JSON and CSV agree, only its owner downloads it, it expires."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from desk import contacts
from desk.models import DeskContact
from labs import needs
from proposals import joins
from tests.desk.helpers import desk_space, register
from tests.factories import UserFactory, service
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.labs import LabFactory
from tests.factories.proposals import ProposalFactory
from tests.factories.volunteering import HourEntryFactory
from volunteering import services as volunteering_services
from wemi_community.accounts import data_rights
from wemi_community.accounts.models import DataExport
from wemi_community.core import schedules
from wemi_community.core.errors import StateConflict
from wemi_community.core.milan import in_rome
from wemi_community.core.ratelimits import RATES
from wemi_community.notifications.models import Notification
from wemi_community.participation.comments import comment_post

NOW = in_rome(datetime.date(2027, 3, 18), datetime.time(11, 0))
OTHER_NAME = "Zebedeo"
OPERATOR_NAME = "Luca Sportello"
PAGE = reverse("accounts:data_export")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_activity(person, space, operator, *, n: int = 1):
    """What a resident does: seats, a proposal joined and commented (with someone else's
    reply), needs in a lab (one anonymous), volunteer hours, a contact at the desk."""
    other = UserFactory(display_name=OTHER_NAME, first_name=OTHER_NAME, nickname=None)
    for i in range(n):
        RegistrationFactory(event=EventFactory(title=f"Cucito {i}"), user=person, seats=2)
        proposal = ProposalFactory(title=f"Baby sitter di via Padova {i}")
        joins.proposal_join(actor=person, proposal=proposal, household_size=3)
        mine = comment_post(actor=person, target=proposal, text=f"Ci siamo anche noi {i}")
        comment_post(actor=other, target=proposal, parent=mine, text=f"Io sono {OTHER_NAME}")
        lab = LabFactory(members=[person, other], title=f"Condominio {i}")
        participant = next(p for p in lab.member_participants if p.user_id == person.pk)
        needs.need_post(
            actor=person, participant=participant, category=service(), text=f"Doposcuola {i}"
        )
        needs.need_post(
            actor=person,
            participant=participant,
            category=service(),
            text=f"Aiuto con la spesa {i}",
            anonymous=True,
        )
        other_participant = next(p for p in lab.member_participants if p.user_id == other.pk)
        needs.need_post(
            actor=other,
            participant=other_participant,
            category=service(),
            text=f"Bisogno di {OTHER_NAME}",
        )
        HourEntryFactory(volunteer=person, space=space, hours=3)
        contacts.contact_log(
            actor=operator,
            space=space,
            data={
                "happened_at": NOW - datetime.timedelta(hours=1 + i),
                "channel": DeskContact.Channel.VISIT,
                "topics": [service("Baby sitter")],
                "municipio": None,
                "nil": None,
                "person": person,
                "anonymous": False,
                "outcome": DeskContact.Outcome.INFORMATION,
                "minutes": 15,
                "note": "Informazioni sul doposcuola",
            },
        )


@pytest.fixture
def resident(db):
    space, operator = desk_space("WeMi Padova")
    record = register(space, operator, fiscal_code="RSSMRA80A01F205X", birth_date=None)
    person = record.user
    volunteering_services.profile_save(
        actor=person,
        data={"age_group": "adult", "skills": [], "languages": [], "availability": 0},
    )
    person.space, person.operator = space, operator
    add_activity(person, space, operator)
    return person


def read_zip(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def table(files, stem) -> list[dict]:
    return json.loads(files[f"{stem}.json"])


def test_the_zip_holds_what_the_resident_did(resident):
    files = read_zip(data_rights.build_zip(resident))

    assert table(files, "account_profile")[0]["first_name"] == "Giuseppina"
    desk = table(files, "desk_record")[0]
    assert desk["fiscal_code"] == "RSSMRA80A01F205X"
    assert desk["desk"] == "WeMi Padova"
    assert desk["phone"]
    assert table(files, "desk_contacts")[0]["note"] == "Informazioni sul doposcuola"
    seats = table(files, "events_registrations")
    assert [(r["event"], r["seats"], r["state"]) for r in seats] == [("Cucito 0", 2, "confirmed")]
    joined = table(files, "proposals_joined")
    assert [(r["title"], r["household_size"]) for r in joined] == [
        ("Baby sitter di via Padova 0", 3)
    ]
    comments = table(files, "comments")
    assert [(c["on"], c["text"], c["reply"]) for c in comments] == [
        ("Baby sitter di via Padova 0", "Ci siamo anche noi 0", False)
    ]
    lab_needs = {n["text"]: n["anonymous"] for n in table(files, "labs_needs")}
    assert lab_needs == {"Doposcuola 0": False, "Aiuto con la spesa 0": True}
    hours = table(files, "volunteering_hours")
    assert [(h["hours"], h["space"], h["state"]) for h in hours] == [
        ("3.00", "WeMi Padova", "pending")
    ]
    assert table(files, "volunteering_profile")[0]["age_group"] == "adult"
    assert table(files, "account_privacy_consents")[0]["channel"] == "desk"
    assert any(r["who"] == "someone_for_you" for r in table(files, "activity_log"))
    # The README describes every file and every column, in Italian and in English.
    readme = files["LEGGIMI.txt"]
    assert "I tuoi dati" in readme or "copia dei tuoi dati" in readme
    assert "a copy of your personal data" in readme
    for name in files:
        if name.endswith(".json"):
            stem = name[: -len(".json")]
            assert f"{stem}.json, {stem}.csv" in readme
            for column in table(files, stem)[0]:
                described = [
                    line for line in readme.splitlines() if line.startswith(f"    {column}: ")
                ]
                assert described and all(line.split(": ", 1)[1] for line in described), (
                    stem,
                    column,
                )


def test_json_and_csv_agree(resident):
    files = read_zip(data_rights.build_zip(resident))
    stems = [name[:-5] for name in files if name.endswith(".json")]
    assert len(stems) > 10
    for stem in stems:
        rows = table(files, stem)
        text = files[f"{stem}.csv"]
        assert text.startswith("\ufeff")
        read = list(csv.DictReader(io.StringIO(text[1:])))
        assert len(read) == len(rows), stem
        for row, line in zip(rows, read, strict=True):
            for key, value in row.items():
                expected = "" if value is None else str(value)
                cell = line[key]
                if cell.startswith("'") and expected[:1] in "=+-@\t\r":
                    cell = cell[1:]
                assert cell == expected, (stem, key)


def test_no_one_else_is_named(resident):
    files = read_zip(data_rights.build_zip(resident))
    everything = "\n".join(files.values())
    for name in (OTHER_NAME, OPERATOR_NAME, "Luca", "Paolo facilitatore", "Autrice"):
        assert name not in everything
    assert "Giuseppina" in everything


def test_the_build_costs_the_same_queries_as_data_grows(resident):
    with CaptureQueriesContext(connection) as few:
        data_rights.build_zip(resident)
    add_activity(resident, resident.space, resident.operator, n=3)
    files = read_zip(data_rights.build_zip(resident))
    assert len(table(files, "events_registrations")) == 4
    assert len(table(files, "labs_needs")) == 8
    with CaptureQueriesContext(connection) as many:
        data_rights.build_zip(resident)
    assert len(many) == len(few)


def test_the_build_has_a_bounded_number_of_queries(resident, django_assert_max_num_queries):
    add_activity(resident, resident.space, resident.operator, n=3)
    with django_assert_max_num_queries(80):
        data_rights.build_zip(resident)


# --- Asking, building, telling, downloading ------------------------------------------------


@pytest.fixture
def person(db):
    return UserFactory(display_name="Marta", first_name="Marta")


def ask(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(PAGE)


def test_asking_builds_the_zip_and_tells_the_person(
    client, person, django_capture_on_commit_callbacks
):
    client.force_login(person)
    response = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    export = DataExport.objects.get(user=person)
    assert export.status == DataExport.Status.READY
    assert export.ready_at == NOW
    assert export.expires_at == NOW + datetime.timedelta(days=7)
    assert export.size > 0 and export.file.name.startswith("data-exports/")
    told = Notification.objects.get(recipient=person)
    assert told.kind == "account.data_export_ready"
    assert told.url == PAGE

    page = client.get(PAGE)
    download = reverse("accounts:data_export_download", args=[export.pk])
    assert download in page.content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "wemi-i-miei-dati-2027-03-18.zip" in response["Content-Disposition"]
    files = read_zip(b"".join(response.streaming_content))
    assert table(files, "account_profile")[0]["display_name"] == "Marta"
    # The public media URL does not serve it.
    assert client.get(export.file.url).status_code == 404


def test_the_profile_links_to_the_page(client, person):
    client.force_login(person)
    assert PAGE in client.get(reverse("accounts:profile")).content.decode()
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "Prepara una copia dei miei dati" in response.content.decode()


def test_a_second_request_while_one_is_pending_is_refused(client, person):
    client.force_login(person)
    assert client.post(PAGE).status_code == 302  # the task runs after the commit
    response = client.post(PAGE)
    assert response.status_code == 409
    assert "già in preparazione" in response.content.decode()
    assert DataExport.objects.filter(user=person).count() == 1
    with pytest.raises(StateConflict):
        data_rights.data_export_request(user=person)


def test_a_pending_copy_is_not_downloadable_yet(client, person):
    client.force_login(person)
    export = data_rights.data_export_request(user=person)
    response = client.get(reverse("accounts:data_export_download", args=[export.pk]), follow=True)
    assert "ancora in preparazione" in response.content.decode()


def test_only_the_owner_downloads(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=person)
    url = reverse("accounts:data_export_download", args=[export.pk])

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert client.post(PAGE).status_code == 302
    assert DataExport.objects.count() == 1


def test_expiry_deletes_the_file_and_answers_410(
    client, person, clock, django_capture_on_commit_callbacks
):
    client.force_login(person)
    ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=person)
    url = reverse("accounts:data_export_download", args=[export.pk])
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)

    clock.shift(datetime.timedelta(days=7, seconds=1))
    response = client.get(url)
    assert response.status_code == 410
    assert "è scaduta" in response.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert data_rights.data_exports_expire() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not export.file
    assert not storage.exists(name)
    assert data_rights.data_exports_expire() == 0
    assert client.get(url).status_code == 410


def test_a_failed_build_is_marked_and_told(
    client, person, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(user, now=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(data_rights, "build_zip", broken)
    client.force_login(person)
    ask(client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get(user=person)
    assert export.status == DataExport.Status.FAILED
    assert Notification.objects.get(recipient=person).kind == "account.data_export_failed"
    # Nothing is pending any more: the person may ask again.
    monkeypatch.undo()
    ask(client, django_capture_on_commit_callbacks)
    assert DataExport.objects.filter(user=person, status="ready").count() == 1


def test_the_build_is_idempotent(person, django_capture_on_commit_callbacks):
    from wemi_community.tasks import data_export_build

    with django_capture_on_commit_callbacks(execute=True):
        export = data_rights.data_export_request(user=person)
    assert data_export_build(export.pk) is False  # already built by the queued task
    assert Notification.objects.filter(recipient=person).count() == 1


def test_the_expiry_is_scheduled_and_the_limit_named():
    names = {periodic.name: periodic for periodic in schedules.declared()}
    assert names["accounts.expire_data_exports"].func.endswith("expire_data_exports")
    assert "data_export" in RATES


# --- Every model that points at a person is exported, or excluded with a reason ---------------

COVERED = {
    ("core.AuditEntry", "actor"),
    ("core.AuditEntry", "on_behalf_of"),
    ("accounts.OrganisationStaff", "user"),
    ("accounts.ExternalIdentity", "user"),
    ("accounts.PrivacyConsent", "user"),
    ("accounts.DataExport", "user"),
    ("participation.Comment", "author"),
    ("participation.Follow", "user"),
    ("participation.Report", "reporter"),
    ("notifications.Notification", "recipient"),
    ("notifications.NotificationSetting", "user"),
    ("notifications.DigestDelivery", "user"),
    ("certificates.Certificate", "holder"),
    ("evidence.Fact", "person"),
    ("proposals.Proposal", "author"),
    ("proposals.Support", "user"),
    ("shared_services.Membership", "user"),
    ("shared_services.DeliveryCheck", "user"),
    ("shared_services.ServiceRating", "user"),
    ("labs.Lab", "requested_by"),
    ("labs.Facilitator", "user"),
    ("labs.Participant", "user"),
    ("labs.Need", "author"),
    ("events.Registration", "user"),
    ("events.Enrollment", "user"),
    ("events.Reminder", "user"),
    ("events.CalendarToken", "user"),
    ("volunteering.VolunteerProfile", "user"),
    ("volunteering.Signup", "volunteer"),
    ("volunteering.Invitation", "volunteer"),
    ("volunteering.HourEntry", "volunteer"),
    ("volunteering.HoursStatement", "volunteer"),
    ("volunteering.VolunteerOffer", "volunteer"),
    ("volunteering.ShiftReminder", "volunteer"),
    ("desk.ActivationCode", "user"),
    ("desk.Appointment", "person"),
    ("desk.CallEntry", "person"),
    ("desk.DeskConflict", "desk_user"),
    ("desk.DeskConflict", "online_user"),
    ("desk.DeskContact", "person"),
    ("desk.DeskResident", "user"),
    ("desk.AssistedSession", "person"),
    ("otp_totp.TOTPDevice", "user"),
    ("otp_static.StaticDevice", "user"),
}

STAFF_WORK = "who did staff work on it: another person's row, or the platform's own content"
EXCLUDED = {
    ("accounts.User_groups", "user"): "roles: in account_profile.roles",
    ("accounts.User_user_permissions", "user"): "admin permissions granted one by one",
    ("accounts.PrivacyConsent", "recorded_by"): STAFF_WORK,
    ("accounts.AccountDeletion", "user"): "only a deleted account has one; it cannot sign in",
    (
        "accounts.AccountEmail",
        "user",
    ): "when a link was mailed: no content; deleted with the account",
    ("accounts.AccountDeletion", "requested_by"): STAFF_WORK,
    ("participation.Report", "resolved_by"): STAFF_WORK,
    ("notifications.Notification", "actor"): "another person's notification",
    ("proposals.Answer", "author"): STAFF_WORK,
    ("shared_services.Offer", "submitted_by"): STAFF_WORK,
    ("shared_services.DeliveryEntry", "logged_by"): STAFF_WORK,
    ("labs.Facilitator", "appointed_by"): STAFF_WORK,
    ("labs.Poll", "created_by"): STAFF_WORK,
    ("events.EventSeries", "created_by"): STAFF_WORK,
    ("events.Course", "educator"): STAFF_WORK,
    ("events.Course", "created_by"): STAFF_WORK,
    ("events.Event", "created_by"): STAFF_WORK,
    ("events.Registration", "checked_in_by"): STAFF_WORK,
    ("events.Attendance", "recorded_by"): STAFF_WORK,
    ("volunteering.Opportunity", "created_by"): STAFF_WORK,
    ("volunteering.Signup", "attendance_by"): STAFF_WORK,
    ("volunteering.Invitation", "invited_by"): STAFF_WORK,
    ("volunteering.HourEntry", "reviewed_by"): STAFF_WORK,
    ("desk.ActivationCode", "issued_by"): STAFF_WORK,
    ("desk.AppointmentSlot", "created_by"): STAFF_WORK,
    ("desk.Appointment", "booked_by"): STAFF_WORK,
    ("desk.CallEntry", "handled_by"): STAFF_WORK,
    ("desk.DeskConflict", "reported_by"): STAFF_WORK,
    ("desk.DeskConflict", "resolved_by"): STAFF_WORK,
    ("desk.DeskContact", "operator"): STAFF_WORK,
    ("desk.DeskResident", "registered_by"): STAFF_WORK,
    ("desk.DeskResident", "consent_recorded_by"): STAFF_WORK,
    ("desk.AssistedSession", "operator"): STAFF_WORK,
    ("guardian.UserObjectPermission", "user"): "permissions on objects: roles of staff",
    ("admin.LogEntry", "user"): "Django's admin is not mounted",
}
# Wagtail's editorial models (pages, revisions, images, workflows, comments in the editor,
# the admin's profile): the work of editors on the site's content, not data about a person.
EDITORIAL_APPS = {
    "spaces_pages",
    "wagtailcore",
    "wagtailadmin",
    "wagtailusers",
    "wagtaildocs",
    "wagtailimages",
    "wagtail_localize",
}


def test_every_model_pointing_at_a_person_is_covered_or_excluded():
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model is user_model
            ):
                found.add((model._meta.label, field.name))
    editorial = {key for key in found if key[0].split(".")[0] in EDITORIAL_APPS}
    assert COVERED.isdisjoint(EXCLUDED)
    assert found - editorial == COVERED | set(EXCLUDED), (
        "new: " + repr(sorted(found - editorial - COVERED - set(EXCLUDED))),
        "gone: " + repr(sorted((COVERED | set(EXCLUDED)) - found)),
    )


def test_a_desk_never_asks_or_downloads_for_someone(client, resident):
    from tests.desk.helpers import open_session

    export = data_rights.data_export_request(user=resident)
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
    open_session(client, resident.operator, resident, resident.space, reason="Aiuto")
    assert client.get(PAGE).status_code == 403
    url = reverse("accounts:data_export_download", args=[export.pk])
    assert client.get(url).status_code == 403
    assert DataExport.objects.filter(user=resident).count() == 1
