"""The desk's records: residents registered at a desk, assisted sessions, and what each
part of the desk adds in its own file."""

from .activation import ActivationCode
from .appointments import Appointment, AppointmentSlot, AppointmentState, ServicePoint
from .calls import CallEntry
from .conflicts import DeskConflict
from .contacts import DeskContact
from .residents import DeskResident
from .sessions import AssistedSession

__all__ = [
    "ActivationCode",
    "Appointment",
    "AppointmentSlot",
    "AppointmentState",
    "AssistedSession",
    "CallEntry",
    "DeskConflict",
    "DeskContact",
    "DeskResident",
    "ServicePoint",
]
