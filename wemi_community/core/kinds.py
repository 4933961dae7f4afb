"""What a module records and tells, declared once in its own ``kinds.py``:

    PROPOSAL_PUBLISHED = Action("proposal.published", _("Proposal published"))
    NOTIFY_PROPOSAL_JOINED = Kind(
        "proposal.joined",
        label=_("Households joining your proposals"),
        message=_("%(actor)s joined your proposal “%(target)s”"),
    )
    GROUP_PROPOSAL = Group("proposal", _("Proposals"))

Each value is the string itself (what the audit trail and the notifications store), carrying
its label. The module's ``ready()`` registers them all with ``declare(kinds)``."""

from __future__ import annotations

from types import ModuleType

from . import audit


class _Declared(str):
    # Pickled (task arguments) and copied as the plain string.
    def __reduce__(self):
        return (str, (str(self),))

    @property
    def key(self) -> str:
        return str(self)


class Action(_Declared):
    """An audit action, with its label in the trail."""

    def __new__(cls, key: str, label):
        action = super().__new__(cls, key)
        action.label = label
        return action


class Kind(_Declared):
    """A notification kind: ``label`` names it on the person's settings page; ``message`` is
    the line shown in the list, the toast and the e-mail, with ``actor`` and ``target``."""

    def __new__(cls, key: str, *, label, message):
        kind = super().__new__(cls, key)
        kind.label = label
        kind.message = message
        return kind


class Group(_Declared):
    """The heading under which the settings page shows the kinds whose key starts with
    this prefix and a dot."""

    def __new__(cls, prefix: str, label):
        group = super().__new__(cls, prefix)
        group.label = label
        return group


_modules: list[ModuleType] = []
_listeners: list = []


def declared(module: ModuleType, cls: type) -> list:
    return [value for value in vars(module).values() if type(value) is cls]


def declare(module: ModuleType) -> None:
    """Registers a module's actions (audit labels); the apps listening (the notifications)
    hear of its kinds and groups."""
    audit.register_action_labels({str(a): a.label for a in declared(module, Action)})
    if module not in _modules:
        _modules.append(module)
    for listener in _listeners:
        listener(module)


def on_declare(listener) -> None:
    """``listener(module)`` hears every module declared, before and after it listens: a
    higher layer reads the declarations without the core knowing it."""
    _listeners.append(listener)
    for module in _modules:
        listener(module)


def declared_modules() -> list[ModuleType]:
    return list(_modules)
