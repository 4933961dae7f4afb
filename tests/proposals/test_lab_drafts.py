"""The rules of a lab's drafts come from the labs app, registered in its ready()."""

from labs import permissions as lab_permissions
from proposals import lab_drafts


def test_the_labs_app_registers_its_rules():
    assert lab_drafts._rules is not None
    assert lab_drafts._rules.can_see is lab_permissions.can_see_drafts
    assert lab_drafts._rules.can_write is lab_permissions.can_write_drafts
    assert lab_drafts._rules.can_publish is lab_permissions.can_publish_drafts


def test_with_nothing_registered_nobody_may(monkeypatch):
    monkeypatch.setattr(lab_drafts, "_rules", None)
    assert not lab_drafts.can_see(object(), object())
    assert not lab_drafts.can_write(object(), object())
    assert not lab_drafts.can_publish(object(), object())


def test_the_registered_answer_is_the_one_given(monkeypatch):
    monkeypatch.setattr(lab_drafts, "_rules", None)
    lab_drafts.register(
        can_see=lambda user, lab: True,
        can_write=lambda user, lab: lab == "mine",
        can_publish=lambda user, lab: False,
    )
    assert lab_drafts.can_see("someone", "any")
    assert lab_drafts.can_write("someone", "mine")
    assert not lab_drafts.can_write("someone", "theirs")
    assert not lab_drafts.can_publish("someone", "mine")
