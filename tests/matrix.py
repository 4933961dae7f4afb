"""Permission matrices: a table of role × state × action → allowed, one test per cell
(``coordinator-other-space/published/edit``), in the style of adhocracy4's rule tests.

A module's table says, per action and state, which roles are allowed; ``cells`` expands it
over every role so a role left out of a set is a cell that must be refused. The objects and
the people are built once per test module (``world``) and rolled back at its end; each cell
reads its person and object afresh, so nothing one cell caches reaches another."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

ANONYMOUS = "anonymous"
RESIDENT = "resident"
AUTHOR = "author"
MEMBER = "member"
GUEST = "guest"
FACILITATOR = "facilitator"
COORDINATOR = "coordinator"
COORDINATOR_OTHER = "coordinator-other-space"
DESK = "desk-operator"
PROVIDER = "provider-staff"
PROVIDER_OTHER = "provider-staff-other"
CITY = "city-staff"


def cells(
    roles: Iterable[str],
    table: dict[str, dict[str, Iterable[str]]],
    *,
    xfail: dict[tuple[str, str, str], str] | None = None,
) -> list:
    """``table[action][state]`` is the set of roles allowed; every other role is refused.
    ``xfail[(role, state, action)]`` marks a cell where the code answers otherwise than the
    product's rules, with the reason (strict: the day it is fixed, the mark must go)."""
    xfail = dict(xfail or {})
    params = []
    for action, states in table.items():
        for state, allowed in states.items():
            allowed = set(allowed)
            unknown = allowed - set(roles)
            assert not unknown, f"{action}/{state}: unknown roles {unknown}"
            for role in roles:
                key = (role, state, action)
                marks = ()
                if key in xfail:
                    marks = pytest.mark.xfail(strict=True, reason=xfail.pop(key))
                params.append(
                    pytest.param(
                        role, state, action, role in allowed, id="/".join(key), marks=marks
                    )
                )
    assert not xfail, f"xfail cells not in the table: {list(xfail)}"
    return params


def world_fixture(build: Callable[[], dict]):
    """A module-scoped fixture: ``build()`` once, inside a transaction rolled back at the end
    of the module (the tests using it must be marked ``django_db``)."""

    @pytest.fixture(scope="module")
    def world(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    return world


def fresh_user(user):
    """The same person, read again (the permission functions cache on the user object)."""
    if user is None:
        return AnonymousUser()
    return type(user).objects.get(pk=user.pk)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def every(states: Iterable[str], roles: Iterable[str]) -> dict[str, set[str]]:
    """The same allowed roles in each of ``states`` (a row of a table)."""
    return {state: set(roles) for state in states}
