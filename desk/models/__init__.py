"""The desk's records: residents registered at a desk, assisted sessions, and what each
part of the desk adds in its own file."""

from .appointments import Appointment, AppointmentSlot, AppointmentState, ServicePoint
from .residents import DeskResident
from .sessions import AssistedSession

__all__ = [
    "Appointment",
    "AppointmentSlot",
    "AppointmentState",
    "AssistedSession",
    "DeskResident",
    "ServicePoint",
]
