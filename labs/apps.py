from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabsConfig(AppConfig):
    name = "labs"
    label = "labs"
    verbose_name = _("Listening-action labs")

    def seed_demo(self, *, size: int, stdout):
        # The demo's code and data load only when seeding.
        from . import demo

        return demo.seed(size=size, stdout=stdout)

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from cms_templates import search_registry
        from proposals import lab_drafts
        from spaces_pages import sections
        from wemi_community.core import audit
        from wemi_community.notifications import kinds
        from wemi_community.participation import registry

        from . import permissions, selectors
        from .models import Need

        # Drafts of proposals co-designed here: the lab says who sees, writes and publishes them.
        lab_drafts.register(
            can_see=permissions.can_see_drafts,
            can_write=permissions.can_write_drafts,
            can_publish=permissions.can_publish_drafts,
        )
        registry.register_content(
            Need,
            author_of=lambda need: need.author,
            space_of=lambda need: need.lab.space,
            excerpt_of=lambda need: need.text[:200],
            can_view=lambda user, need: permissions.can_view_lab(
                user, need.lab, permissions.account_participant(user, need.lab)
            ),
            url_of=lambda need: f"{need.lab.get_absolute_url()}#need-{need.pk}",
        )

        for key, label, message in (
            (
                "lab.requested",
                _("Requests for labs in the spaces you coordinate"),
                _("%(actor)s asked for the lab “%(target)s”"),
            ),
            (
                "lab.request_decided",
                _("Answers to your requests for a lab"),
                _("The space answered your request for the lab “%(target)s”"),
            ),
            (
                "lab.facilitator_appointed",
                _("Labs you are asked to facilitate"),
                _("%(actor)s made you a facilitator of the lab “%(target)s”"),
            ),
            (
                "lab.phase_changed",
                _("New phases of the labs you take part in"),
                _("The lab “%(target)s” moved to its next phase"),
            ),
            (
                "lab.proposal_published",
                _("Proposals published by your labs"),
                _("Your lab published the proposal “%(target)s”: join it if you need it"),
            ),
        ):
            kinds.register(key, label=label, message=message)
        kinds.register_group("lab", _("Listening-action labs"))

        audit.register_action_labels(
            {
                "lab.created": _("Lab created"),
                "lab.requested": _("Lab requested"),
                "lab.approved": _("Lab request approved"),
                "lab.declined": _("Lab request declined"),
                "lab.edited": _("Lab edited"),
                "lab.facilitator_appointed": _("Facilitator appointed"),
                "lab.facilitator_removed": _("Facilitator removed"),
                "lab.phase_changed": _("Lab moved to its next phase"),
                "lab.invite_regenerated": _("Invitation link regenerated"),
                "lab.joined": _("Joined a lab"),
                "lab.guest_joined": _("Guest joined a lab"),
                "lab.guest_claimed": _("Guest participation attached to an account"),
                "lab.need_posted": _("Need posted"),
                "lab.theme_created": _("Theme created"),
                "lab.theme_renamed": _("Theme renamed"),
                "lab.theme_deleted": _("Theme deleted"),
                "lab.themes_merged": _("Themes merged"),
                "lab.draft_created": _("Theme turned into a draft proposal"),
                "lab.draft_discarded": _("Draft proposal discarded"),
                "lab.draft_published": _("Draft proposal published"),
                "lab.poll_created": _("Poll opened"),
                "lab.poll_voted": _("Vote in a poll"),
                "lab.poll_closed": _("Poll closed"),
                "lab.evaluated": _("Lab rated"),
            }
        )

        search_registry.register(_("Lab"), selectors.search_labs, key="labs")
        sections.register(
            sections.SpaceSection(
                key="labs",
                title=_("Listening-action labs"),
                selector=selectors.public_labs_by_space,
                template="labs/includes/space_section.html",
            )
        )
