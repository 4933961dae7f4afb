from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    name = "volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.core import audit
        from wemi_community.notifications import kinds

        from . import selectors

        for key, label, message in (
            (
                "volunteering.invited",
                _("Invitations to volunteer"),
                _("%(actor)s invites you to a shift of “%(target)s”"),
            ),
            (
                "volunteering.promoted",
                _("A place for you on a shift"),
                _("A place freed up on a shift of “%(target)s”: you are on it"),
            ),
            (
                "volunteering.shift_cancelled",
                _("Cancelled shifts"),
                _("A shift of “%(target)s” is cancelled"),
            ),
            (
                "volunteering.reminder",
                _("Reminders of your shifts"),
                _("Tomorrow you have a shift of “%(target)s”"),
            ),
            (
                "volunteering.hours_logged",
                _("Volunteer hours to approve"),
                _("%(actor)s logged volunteer hours at %(target)s"),
            ),
            (
                "volunteering.hours_approved",
                _("Your hours approved"),
                _("%(actor)s approved your hours at %(target)s"),
            ),
            (
                "volunteering.hours_rejected",
                _("Your hours not approved"),
                _("%(actor)s did not approve your hours at %(target)s"),
            ),
            (
                "volunteering.offer_taken",
                _("Your offers of help taken up"),
                _("%(actor)s took up your offer: “%(target)s”"),
            ),
        ):
            kinds.register(key, label=label, message=message)
        kinds.register_group("volunteering", _("Volunteering"))

        audit.register_action_labels(
            {
                "volunteering.profile_created": _("Volunteer profile created"),
                "volunteering.profile_edited": _("Volunteer profile edited"),
                "volunteering.opportunity_created": _("Volunteer opportunity published"),
                "volunteering.opportunity_edited": _("Volunteer opportunity edited"),
                "volunteering.shift_added": _("Shift added"),
                "volunteering.shift_cancelled": _("Shift cancelled"),
                "volunteering.signed_up": _("Signed up for a shift"),
                "volunteering.waitlisted": _("Place on a shift's waitlist"),
                "volunteering.signup_cancelled": _("Shift sign-up cancelled"),
                "volunteering.invited": _("Volunteer invited to a shift"),
                "volunteering.invitation_declined": _("Invitation declined"),
                "volunteering.attendance_confirmed": _("Attendance at a shift confirmed"),
                "volunteering.absence_recorded": _("Absence from a shift recorded"),
                "volunteering.hours_logged": _("Volunteer hours logged"),
                "volunteering.hours_approved": _("Volunteer hours approved"),
                "volunteering.hours_rejected": _("Volunteer hours rejected"),
                "volunteering.offer_published": _("Offer of help published"),
                "volunteering.offer_withdrawn": _("Offer of help withdrawn"),
                "volunteering.offer_taken": _("Offer of help taken up"),
            }
        )

        search_registry.register(
            _("Volunteering"), selectors.search_opportunities, key="volunteering"
        )
        search_registry.register(_("Offer of help"), selectors.search_offers, key="offers")
        sections.register(
            sections.SpaceSection(
                key="volunteering",
                title=_("Volunteer with us"),
                selector=selectors.opportunities_by_space,
                template="volunteering/includes/space_section.html",
            )
        )
