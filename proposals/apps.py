from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self):
        from cms_templates import search_registry
        from spaces_pages import sections
        from wemi_community.notifications import kinds
        from wemi_community.participation import audit, registry
        from wemi_community.participation.sanitize import plain_text

        from . import permissions, selectors
        from .models import Proposal, SharedService

        registry.register_participatory(
            Proposal,
            can_view=permissions.can_view_proposal,
            space_of=lambda proposal: proposal.space,
            author_of=lambda proposal: proposal.author,
            can_take_part=permissions.can_take_part_in_proposal,
            conversation_title=_("Discussion of the proposal"),
        )
        registry.register_content(
            Proposal,
            author_of=lambda proposal: proposal.author,
            space_of=lambda proposal: proposal.space,
            excerpt_of=lambda proposal: (
                f"{proposal.title}: {plain_text(proposal.description_html)}"[:200]
            ),
            can_view=permissions.can_view_proposal,
        )
        registry.register_participatory(
            SharedService,
            can_view=permissions.can_view_service,
            space_of=lambda service: service.space,
            conversation_title=_("Discussion of the service"),
        )

        for key, label, message in (
            (
                "proposal.published",
                _("New proposals in the spaces you coordinate"),
                _("%(actor)s published the proposal “%(target)s”"),
            ),
            (
                "proposal.joined",
                _("Households joining your proposals"),
                _("%(actor)s joined your proposal “%(target)s”"),
            ),
            (
                "proposal.threshold_reached",
                _("Proposals reaching their threshold"),
                _("Enough households joined “%(target)s”: the coordinator will now evaluate it"),
            ),
            (
                "proposal.state_changed",
                _("Answers and changes of state of proposals you follow"),
                _("The proposal “%(target)s” has a new state, with an answer"),
            ),
            (
                "proposal.offer_submitted",
                _("Offers from providers"),
                _("%(actor)s made an offer on “%(target)s”"),
            ),
            (
                "service.invitation",
                _("Invitations to confirm your seat in a shared service"),
                _("“%(target)s” is starting: confirm your seat"),
            ),
            (
                "service.offer_chosen",
                _("Offers of your organisation chosen by a space"),
                _("%(actor)s chose your offer: “%(target)s” is starting"),
            ),
            (
                "service.promoted",
                _("A seat for you from the waitlist"),
                _("A seat freed up in “%(target)s”: you are now a member"),
            ),
            (
                "service.quota_changed",
                _("Changes of your quota in a shared service"),
                _("Your quota in “%(target)s” changed"),
            ),
            (
                "service.copayment_set",
                _("Co-payment shares of your services"),
                _("%(actor)s set what the City covers in “%(target)s”"),
            ),
            (
                "service.minimum_reached",
                _("Shared services that can start"),
                _("“%(target)s” has the households it needs: it can start"),
            ),
            (
                "service.started",
                _("Shared services starting"),
                _("“%(target)s” has started"),
            ),
            (
                "service.ended",
                _("Shared services ending"),
                _("“%(target)s” has ended"),
            ),
            (
                "service.delivery_logged",
                _("Sessions logged in your services"),
                _("%(actor)s logged a session of “%(target)s”: confirm it"),
            ),
            (
                "service.delivery_disputed",
                _("Disputed sessions"),
                _("%(actor)s disputed a session of “%(target)s”"),
            ),
        ):
            kinds.register(key, label=label, message=message)
        kinds.register_group("proposal", _("Proposals"))
        kinds.register_group("service", _("Shared services"))

        audit.register_action_labels(
            {
                "proposal.published": _("Proposal published"),
                "proposal.lab_draft_created": _("Draft proposal written in a lab"),
                "proposal.edited": _("Proposal edited"),
                "proposal.joined": _("Household joined a proposal"),
                "proposal.support_changed": _("Household size changed"),
                "proposal.left": _("Household left a proposal"),
                "proposal.under_evaluation": _("Proposal taken under evaluation"),
                "proposal.accepted": _("Proposal accepted"),
                "proposal.rejected": _("Proposal rejected"),
                "proposal.withdrawn": _("Proposal withdrawn"),
                "proposal.expired": _("Proposal expired"),
                "proposal.threshold_set": _("Proposal threshold set"),
                "proposal.threshold_changed": _("Proposal threshold changed"),
                "proposal.threshold_removed": _("Proposal threshold removed"),
                "offer.submitted": _("Offer submitted"),
                "offer.withdrawn": _("Offer withdrawn"),
                "offer.chosen": _("Offer chosen, shared service created"),
                "service.seat_taken": _("Seat taken in a shared service"),
                "service.waitlisted": _("Household put on the waitlist"),
                "service.promoted": _("Household promoted from the waitlist"),
                "service.declined": _("Invitation declined"),
                "service.left": _("Household left a shared service"),
                "service.isee_declared": _("ISEE band declared"),
                "service.copayment_set": _("Co-payment shares set"),
                "service.started": _("Shared service started"),
                "service.ended": _("Shared service ended"),
                "service.delivery_logged": _("Session logged"),
                "service.delivery_confirmed": _("Session confirmed by a member"),
                "service.delivery_disputed": _("Session disputed by a member"),
                "service.rated": _("Service rated"),
            }
        )

        search_registry.register(_("Proposal"), selectors.search_proposals, key="proposals")
        sections.register(
            sections.SpaceSection(
                key="proposals",
                title=_("Open proposals"),
                selector=selectors.open_proposals_by_space,
                template="proposals/includes/space_section.html",
            )
        )
        sections.register(
            sections.SpaceSection(
                key="shared_services",
                title=_("Shared services"),
                selector=selectors.services_by_space,
                template="proposals/includes/space_services.html",
            )
        )
        sections.register_home(
            sections.HomeSection(
                key="proposals",
                title=_("Open proposals"),
                selector=selectors.home_proposals,
                template="proposals/includes/home_section.html",
            )
        )
