"""Audit actions and notification kinds: declared once, in each module's kinds.py."""

import pickle

import pytest
from django.utils import translation

from wemi_community.core import audit
from wemi_community.core.kinds import Action, Group, Kind, declared, declared_modules
from wemi_community.notifications import kinds as notification_kinds

MODULES = {
    "desk.kinds",
    "events.kinds",
    "labs.kinds",
    "proposals.kinds",
    "shared_services.kinds",
    "spaces_pages.kinds",
    "volunteering.kinds",
    "wemi_community.accounts.kinds",
    "wemi_community.certificates.kinds",
    "wemi_community.notifications.kinds",
    "wemi_community.participation.kinds",
}


def every(cls) -> list:
    return [value for module in declared_modules() for value in declared(module, cls)]


def test_each_module_declares_its_kinds_from_ready():
    assert {module.__name__ for module in declared_modules()} == MODULES


@pytest.mark.parametrize("cls", [Action, Kind, Group])
def test_the_values_are_unique_across_modules(cls):
    values = [str(value) for value in every(cls)]
    assert values
    assert len(values) == len(set(values)), sorted(v for v in values if values.count(v) > 1)


def test_the_registry_holds_exactly_the_declared_kinds():
    assert {kind.key for kind in notification_kinds.all_kinds()} == {
        str(kind) for kind in every(Kind)
    }


def _in(language: str, text) -> str:
    with translation.override(language):
        return str(text)


@pytest.mark.parametrize("kind", every(Kind), ids=str)
def test_every_kind_has_a_label_and_a_message_in_italian_and_english(kind):
    words = {"actor": "Anna", "target": "Spazio WeMi Gorla"}
    for text in (kind.label, kind.message):
        english, italian = _in("en", text), _in("it", text)
        assert english.strip()
        # The Italian catalogue has it: no English shown to Italian readers.
        assert italian.strip() and italian != english
        # Both sentences take the same placeholders.
        assert (english % words).strip() and (italian % words).strip()
    assert notification_kinds.get(kind) is kind


@pytest.mark.parametrize("action", every(Action), ids=str)
def test_every_audit_action_has_its_label_in_both_languages(action):
    with translation.override("en"):
        english = audit.action_label(action)
    with translation.override("it"):
        italian = audit.action_label(action)
    assert english == _in("en", action.label) and english.strip()
    assert italian.strip() and italian != english


def test_a_declared_value_is_the_plain_string_it_stands_for():
    kind = notification_kinds.get("proposal.joined")
    assert kind == "proposal.joined" and isinstance(kind, str)
    # Task arguments are pickled: they travel as the plain string.
    assert type(pickle.loads(pickle.dumps(kind))) is str  # noqa: S301 (our own bytes)
