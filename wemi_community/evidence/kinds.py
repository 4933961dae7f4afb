"""What the observatory counts. Each kind is one thing that happened, recorded by the
service that made it happen (`evidence.services.fact_record`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FactKind(models.TextChoices):
    # Needs and demand
    NEED = "need", _("needs posted in labs")
    ME_TOO = "me_too", _("“me too” on needs")
    PROPOSAL_JOIN = "proposal_join", _("households joining proposals")
    DESK_CONTACT = "desk_contact", _("contacts at the desks")
    APPOINTMENT = "appointment", _("desk appointments")
    EVENT_REGISTRATION = "event_registration", _("event registrations")
    EVENT_ATTENDANCE = "event_attendance", _("event attendance")
    COURSE_ENROLMENT = "course_enrolment", _("course enrolments")
    COURSE_ATTENDANCE = "course_attendance", _("course attendance")
    VOLUNTEER_HOURS = "volunteer_hours", _("volunteer hours")
    # What the shared services delivered
    SERVICE_MEMBER = "service_member", _("families served by shared services")
    SERVICE_DELIVERY = "service_delivery", _("sessions delivered by shared services")
    SERVICE_PAYMENT = "service_payment", _("shared services' quotas paid")
    # The proposal funnel: each step once per proposal; quantity = days the step took
    PROPOSAL_PUBLISHED = "proposal_published", _("proposals published")
    PROPOSAL_THRESHOLD = "proposal_threshold", _("proposals reaching their threshold")
    PROPOSAL_EVALUATED = "proposal_evaluated", _("proposals taken into evaluation")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("proposals accepted")
    SERVICE_RUNNING = "service_running", _("shared services running")


FUNNEL = (
    FactKind.PROPOSAL_PUBLISHED,
    FactKind.PROPOSAL_THRESHOLD,
    FactKind.PROPOSAL_EVALUATED,
    FactKind.PROPOSAL_ACCEPTED,
    FactKind.SERVICE_RUNNING,
)

DEMAND = (
    FactKind.NEED,
    FactKind.ME_TOO,
    FactKind.PROPOSAL_JOIN,
    FactKind.DESK_CONTACT,
    FactKind.APPOINTMENT,
    FactKind.EVENT_REGISTRATION,
    FactKind.EVENT_ATTENDANCE,
    FactKind.COURSE_ENROLMENT,
    FactKind.COURSE_ATTENDANCE,
    FactKind.VOLUNTEER_HOURS,
)

DELIVERY = (
    FactKind.SERVICE_MEMBER,
    FactKind.SERVICE_DELIVERY,
    FactKind.SERVICE_PAYMENT,
)
