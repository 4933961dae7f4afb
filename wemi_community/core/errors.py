"""Domain errors every service raises. Views turn them into clear messages."""


class ParticipationError(Exception):
    """A request the rules refuse; the message is shown to the person."""


class StateConflict(ParticipationError):
    """The object is not in a state that allows this (HTTP 409)."""


class ObjectHidden(ParticipationError):
    """The person may not see the object: answer as if it did not exist (HTTP 404)."""
