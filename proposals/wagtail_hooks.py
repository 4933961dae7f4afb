"""The admin's list of proposal thresholds: households a proposal needs, per category, with a
space's own figure where it differs from the city's."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet

from wemi_community.core import audited_admin
from wemi_community.core.audited_admin import AuditedForm, AuditedSnippetViewSet

from . import thresholds
from .models import ProposalThreshold


class ProposalThresholdViewSet(AuditedSnippetViewSet):
    model = ProposalThreshold
    icon = "group"
    menu_label = _("Proposal thresholds")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["category", "space", "households"]
    list_filter = ["space"]
    search_fields = ["category__name"]
    edit_handler = ObjectList(
        [FieldPanel("category"), FieldPanel("space"), FieldPanel("households")],
        base_form_class=AuditedForm,
    )

    def get_queryset(self, request):
        return ProposalThreshold.objects.select_related("category", "space")


audited_admin.register(
    ProposalThreshold,
    save=lambda threshold, by: thresholds.threshold_save(threshold=threshold, by=by),
    remove=lambda threshold, by: thresholds.threshold_remove(threshold=threshold, by=by),
)
register_snippet(ProposalThresholdViewSet)
