"""Who may see, write and publish a proposal drafted in a listening-action lab is the lab's
call. The labs app registers its answers here in its ``ready()``, so the proposals need not
know the labs; with nothing registered, nobody may."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

LabCheck = Callable[[Any, Any], bool]  # (user, lab) -> bool


@dataclass(frozen=True)
class DraftRules:
    can_see: LabCheck
    can_write: LabCheck
    can_publish: LabCheck


_rules: DraftRules | None = None


def register(*, can_see: LabCheck, can_write: LabCheck, can_publish: LabCheck) -> None:
    global _rules
    _rules = DraftRules(can_see=can_see, can_write=can_write, can_publish=can_publish)


def can_see(user, lab) -> bool:
    return _rules is not None and bool(_rules.can_see(user, lab))


def can_write(user, lab) -> bool:
    return _rules is not None and bool(_rules.can_write(user, lab))


def can_publish(user, lab) -> bool:
    return _rules is not None and bool(_rules.can_publish(user, lab))
