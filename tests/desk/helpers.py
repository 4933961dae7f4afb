"""The desk for the tests: a space with its operators, residents registered through the
service, assisted sessions and the token their pages carry."""

from __future__ import annotations

import datetime
import itertools

from desk import assisted, residents
from desk.middleware import SESSION_KEY, TOKEN_FIELD
from tests.events.helpers import publish
from tests.factories import nil_in
from tests.factories.roles import DeskOperatorFactory
from tests.participation.moderation_helpers import coordinator_of
from tests.spaces.helpers import make_space

_spaces = itertools.count(1)
_phones = itertools.count(1000)


def desk_space(title: str | None = None, **fields):
    """(space, operator of its desk)."""
    space = make_space(title or f"WeMi Sportello {next(_spaces)}", **fields)
    return space, DeskOperatorFactory(space=space, display_name="Luca Sportello")


def resident_data(**changes) -> dict:
    nil = changes.pop("nil", None) or nil_in(8)
    values = {
        "first_name": "Giuseppina",
        "last_name": "Ferri",
        "phone": f"02 8844 {next(_phones)}",
        "email": "",
        "fiscal_code": "",
        "birth_date": datetime.date(1948, 8, 12),
        "municipio": nil.municipio,
        "nil": nil,
        "household_size": 3,
        "language": "it",
    }
    values.update(changes)
    return values


def register(space, operator, *, consent: bool = True, **changes):
    resident = residents.resident_register(
        actor=operator, space=space, data=resident_data(**changes)
    )
    if consent:
        residents.consent_record(actor=operator, resident=resident)
    resident.refresh_from_db()
    return resident


def start(operator, person, space, reason: str = ""):
    return assisted.session_start(operator=operator, person=person, space=space, reason=reason)


def posting(session, data: dict | None = None) -> dict:
    """A form's data as a page of the session sends it (with the session's token)."""
    return {TOKEN_FIELD: session.token, **(data or {})}


def open_session(client, operator, person, space, reason: str = ""):
    """The operator signed in on ``client`` and acting for ``person`` there, as the desk's
    start button leaves the browser."""
    client.force_login(operator)
    session = start(operator, person, space, reason)
    browser = client.session
    browser[SESSION_KEY] = session.pk
    browser.save()
    return session


def event_at(space, **changes):
    """A published event of ``space``, by its coordinator."""
    event, _coordinator = publish(space=space, coordinator=coordinator_of(space), **changes)
    return event
