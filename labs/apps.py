from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    label = "labs"
    verbose_name = _("Listening-action labs")

    def ready(self):
        from wemi_community.participation import audit

        audit.register_action_labels(
            {
                "lab.created": _("Lab created"),
                "lab.requested": _("Lab requested"),
                "lab.approved": _("Lab request approved"),
                "lab.declined": _("Lab request declined"),
                "lab.facilitator_appointed": _("Facilitator appointed"),
                "lab.phase_changed": _("Lab moved to its next phase"),
                "lab.invite_regenerated": _("Invitation link regenerated"),
                "lab.joined": _("Joined a lab"),
                "lab.guest_joined": _("Guest joined a lab"),
                "lab.guest_claimed": _("Guest participation attached to an account"),
                "lab.need_posted": _("Need posted"),
                "lab.theme_created": _("Theme created"),
                "lab.themes_merged": _("Themes merged"),
            }
        )
