"""The desk's rules (desk/permissions.py) and its pages (desk/urls.py) as a matrix: role ×
action → allowed.

Expected values from the product's rules: the operators of a space work at that space's
desk, and its coordinators and city staff may too; any desk finds a person by an exact match
(and then sees their desk page, prints their consent form or an activation code, starts an
assisted session for them at its own desk, reports their online account); a space's
coordinators see its desk log and call list; only city staff join two records of one person;
residents and anonymous visitors nothing. The activation page and a space's booking page are
public.

Pages are asked with ``?spazio=`` naming this space. A desk page that works on "the current
desk" (home, find, register, slots, today) gives another space's staff their own desk
instead: they are allowed there, which the table says with ``ANY_DESK``. A refusal is 403
for someone signed in and the login page for an anonymous visitor."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from desk import appointments, assisted, contacts, merge, permissions
from desk import urls as desk_urls
from desk.models import CallEntry, DeskContact
from tests import matrix
from tests.desk.helpers import desk_space, event_at, register, start
from tests.factories import UserFactory, nil_in, service
from tests.factories.roles import CityStaffFactory, CoordinatorFactory
from tests.matrix import ANONYMOUS, CITY, COORDINATOR, COORDINATOR_OTHER, DESK, RESIDENT
from wemi_community.core.milan import in_rome
from wemi_community.notifications.services import notify

pytestmark = pytest.mark.django_db

DESK_OTHER = "desk-operator-other-space"
ROLES = [DESK, DESK_OTHER, COORDINATOR, COORDINATOR_OTHER, CITY, RESIDENT, ANONYMOUS]

# This space's desk; any desk at all; everyone signed in; everyone.
HERE = {DESK, COORDINATOR, CITY}
THERE = {DESK_OTHER, COORDINATOR_OTHER, CITY}
ANY_DESK = HERE | THERE
SIGNED_IN = ANY_DESK | {RESIDENT}
EVERYONE = SIGNED_IN | {ANONYMOUS}

# --- The table --------------------------------------------------------------------------------

# permissions.<action>(user, <object of the state>) → the roles answered True.
RULES = {
    "works_at_desk": {"this-space": HERE, "other-space": THERE},
    "works_at_any_desk": {"-": ANY_DESK},
    "can_find_residents": {"-": ANY_DESK},
    "can_register_resident": {"this-space": HERE, "other-space": THERE},
    "can_see_resident": {"registered-here": ANY_DESK},
    "can_edit_resident": {"registered-here": HERE},
    "can_assist": {"at-this-desk": HERE, "at-other-desk": THERE},
    "can_see_desk_log": {"this-space": HERE, "other-space": THERE},
    "can_see_calls": {"this-space": HERE, "other-space": THERE},
    "can_handle_call": {"call-here": HERE},
    "can_issue_activation": {"not-online": ANY_DESK},
    "can_report_conflict": {"-": ANY_DESK},
    "can_resolve_conflicts": {"-": {CITY}},
    "can_see_all_sessions": {"-": {CITY}},
    "can_publish_slots": {"this-space": HERE, "other-space": THERE},
    "can_see_appointments_of": {"this-space": HERE, "other-space": THERE},
    "can_see_receipt": {"session-here": HERE},
    "can_book_for": {"registered-here": HERE},
    # The signed request to delete the account: the desk that registered the person.
    "can_file_deletion": {"registered-here": HERE},
}

# (URL name, method) → (the roles allowed, the status they get). Refused: 403 signed in,
# the login page for an anonymous visitor.
PAGES = {
    ("home", "GET"): (ANY_DESK, 200),
    ("find", "GET"): (ANY_DESK, 200),
    ("register", "GET"): (ANY_DESK, 200),  # another space's staff register at their own desk
    ("resident", "GET"): (ANY_DESK, 200),
    ("resident_edit", "GET"): (HERE, 200),
    ("resident_delete", "GET"): (HERE, 200),
    ("consent_print", "GET"): (ANY_DESK, 200),
    ("consent_signed", "POST"): (ANY_DESK, 302),  # already recorded: a warning, back to the page
    ("session_start", "POST"): (ANY_DESK, 302),  # at the desk they work at
    ("session_end", "POST"): (ANY_DESK, 302),  # none open: back to the desk's home
    ("calls", "GET"): (HERE, 200),
    ("call_mark", "POST"): (HERE, 302),
    ("receipt", "GET"): (HERE, 200),
    ("activation_print", "POST"): (ANY_DESK, 200),
    ("report_online", "POST"): (ANY_DESK, 302),
    ("activate", "GET"): (EVERYONE, 200),
    ("activated", "GET"): (SIGNED_IN, 200),
    ("conflicts", "GET"): ({CITY}, 200),
    ("conflict", "GET"): ({CITY}, 200),
    ("conflict_merge", "POST"): ({CITY}, 302),
    ("conflict_dismiss", "POST"): ({CITY}, 302),
    ("contacts", "GET"): (HERE, 200),
    ("contact_new", "GET"): (HERE, 200),
    # Only who logged a contact takes it back (within a day): this space's operator.
    ("contact_delete", "POST"): ({DESK}, 302),
    ("appointments", "GET"): (ANY_DESK, 200),  # the slots of the desk they work at
    ("appointments_mine", "GET"): (SIGNED_IN, 200),
    ("appointments_book", "GET"): (EVERYONE, 200),
    # Someone else's appointment is 404 (it does not exist for them): the resident's own here.
    ("appointments_cancel", "POST"): ({RESIDENT}, 302),
    ("today", "GET"): (ANY_DESK, 200),
}

# Cells where the code answers otherwise than the rules.
# Cells where the pages answer otherwise than the rules (strict: fixed, the mark must go).
PAGE_XFAIL: dict = {}

NOW = in_rome(datetime.date(2026, 3, 23), datetime.time(10, 0))  # a Monday, the desk open
REASON = "Stessa persona: verificato al telefono con lei."


@pytest.fixture(scope="module", autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


# --- The world --------------------------------------------------------------------------------


def build() -> dict:
    space, operator = desk_space("WeMi Sportello Matrice")
    other, operator_other = desk_space("WeMi Sportello Altrove")
    coordinator = CoordinatorFactory(space=space)
    record = register(space, operator, phone="02 8844 7001")
    person = record.user
    session = start(operator, person, space)
    session = assisted.session_end(operator=operator, session=session)
    # What the site tells a desk's resident with no e-mail becomes a call at the desk.
    notify([person], "event.reminder", event_at(space, days=1, title="Cucito creativo"))
    nil = nil_in(8)
    contact = contacts.contact_log(
        actor=operator,
        space=space,
        data={
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
        },
    )
    online = UserFactory(email="giusy.ferri@esempio.example", display_name="Giusy")
    conflict = merge.conflict_report(actor=operator, person=person, email=online.email)
    # The account a desk reports through the resident's page.
    UserFactory(email="giusy.altra@esempio.example", display_name="Giusy F.")
    resident = UserFactory(display_name="Residente")
    slots = appointments.slots_publish(
        actor=operator,
        space=space,
        point="desk",
        first_day=datetime.date(2026, 3, 24),
        last_day=datetime.date(2026, 3, 24),
        length=30,
        capacity=1,
    )
    slots = sorted(slots, key=lambda slot: slot.starts_at)
    appointment = appointments.appointment_book(
        actor=resident, person=resident, slot=slots[0], topic="SPID"
    )
    people = {
        DESK: operator,
        DESK_OTHER: operator_other,
        COORDINATOR: coordinator,
        COORDINATOR_OTHER: CoordinatorFactory(space=other),
        CITY: CityStaffFactory(),
        RESIDENT: resident,
        ANONYMOUS: None,
    }
    return {
        "people": people,
        "space": space,
        "other": other,
        "record": record,
        "person": person,
        "session": session,
        "call": CallEntry.objects.get(person=person),
        "contact": contact,
        "conflict": conflict,
        "appointment": appointment,
        "free_slot": slots[-1],
    }


world = matrix.world_fixture(build)


def test_world(world):
    assert world["session"].ended_at is not None
    assert matrix.fresh(world["call"]).state == CallEntry.State.TO_CALL
    assert matrix.fresh(world["conflict"]).is_open
    assert not world["person"].has_usable_password()
    assert world["appointment"].person == world["people"][RESIDENT]


# --- Layer 1: the permission functions ----------------------------------------------------------


def _space(world, state):
    return world["other"] if state.startswith("other") else world["space"]


def _answer(world, user, action, state) -> bool:
    rule = getattr(permissions, action)
    if state == "-":
        return rule(user)
    if action in ("can_see_resident", "can_file_deletion"):
        return rule(user, matrix.fresh_user(world["person"]))
    if action in ("can_edit_resident", "can_issue_activation"):
        return rule(user, matrix.fresh(world["record"]))
    if action == "can_assist":
        person = matrix.fresh_user(world["person"])
        space = world["other"] if state == "at-other-desk" else world["space"]
        return rule(user, person, space)
    if action == "can_handle_call":
        return rule(user, matrix.fresh(world["call"]))
    if action == "can_see_receipt":
        return rule(user, matrix.fresh(world["session"]))
    if action == "can_book_for":
        return rule(user, matrix.fresh_user(world["person"]), world["space"])
    return rule(user, _space(world, state))


@pytest.mark.parametrize(("role", "state", "action", "allowed"), matrix.cells(ROLES, RULES))
def test_desk_rules(world, role, state, action, allowed):
    user = matrix.fresh_user(world["people"][role])
    assert _answer(world, user, action, state) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_the_desks_of_each_role(world, role):
    user = matrix.fresh_user(world["people"][role])
    desks = set(permissions.desks_of(user).values_list("pk", flat=True))
    assert (world["space"].pk in desks) is (role in HERE)
    assert (world["other"].pk in desks) is (role in THERE)


# --- Layer 2: the pages -----------------------------------------------------------------------


def _url(world, name: str) -> str:
    args = {
        "resident": [world["person"].pk],
        "resident_delete": [world["person"].pk],
        "resident_edit": [world["person"].pk],
        "consent_print": [world["person"].pk],
        "consent_signed": [world["person"].pk],
        "session_start": [world["person"].pk],
        "activation_print": [world["person"].pk],
        "report_online": [world["person"].pk],
        "call_mark": [world["call"].pk],
        "receipt": [world["session"].pk],
        "conflict": [world["conflict"].pk],
        "conflict_merge": [world["conflict"].pk],
        "conflict_dismiss": [world["conflict"].pk],
        "contact_delete": [world["contact"].pk],
        "appointments_book": [world["space"].pk],
        "appointments_cancel": [world["appointment"].pk],
    }.get(name, [])
    query = f"?spazio={world['space'].pk}"
    if name == "find":
        query += "&phone=02+8844+7001"
    return reverse(f"desk:{name}", args=args) + query


POST_DATA = {
    "call_mark": {"outcome": "done", "note": ""},
    "report_online": {"email": "giusy.altra@esempio.example", "note": ""},
    "conflict_merge": {"reason": REASON},
    "conflict_dismiss": {"reason": REASON},
}


def page_cells() -> list:
    params = []
    for (name, method), (allowed, status) in PAGES.items():
        unknown = set(allowed) - set(ROLES)
        assert not unknown, f"{name}: unknown roles {unknown}"
        for role in ROLES:
            key = (role, name, method)
            marks = ()
            if key in PAGE_XFAIL:
                marks = pytest.mark.xfail(strict=True, reason=PAGE_XFAIL[key])
            params.append(
                pytest.param(
                    role,
                    name,
                    method,
                    status if role in allowed else None,
                    id="/".join(key),
                    marks=marks,
                )
            )
    return params


def test_every_url_is_in_the_table():
    assert {pattern.name for pattern in desk_urls.urlpatterns} == {name for name, _method in PAGES}


@pytest.mark.parametrize(("role", "name", "method", "status"), page_cells())
def test_desk_pages(client, world, role, name, method, status):
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    url = _url(world, name)
    data = POST_DATA.get(name, {})
    response = client.get(url) if method == "GET" else client.post(url, data)
    if status is not None:
        assert response.status_code == status
    elif role == ANONYMOUS:
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    elif name == "appointments_cancel":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", [ANONYMOUS, RESIDENT])
def test_booking_signed_out_leads_to_the_login_page(client, world, role):
    """The booking page is public; booking needs an account."""
    user = world["people"][role]
    if user is not None:
        client.force_login(user)
    slot = world["free_slot"]
    response = client.post(
        reverse("desk:appointments_book", args=[world["space"].pk]),
        {"slot": slot.pk, "topic": "ISEE", "note": ""},
    )
    assert response.status_code == 302
    if role == ANONYMOUS:
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.url == reverse("desk:appointments_mine")


@pytest.mark.parametrize("name", ["home", "register", "appointments", "today"])
@pytest.mark.parametrize("role", [DESK_OTHER, COORDINATOR_OTHER])
def test_another_spaces_staff_get_their_own_desk(client, world, role, name):
    """Naming this space on a page of "the current desk" gives them their own desk, never
    this one."""
    client.force_login(world["people"][role])
    response = client.get(_url(world, name))
    assert response.status_code == 200
    assert response.context["space"].pk == world["other"].pk
