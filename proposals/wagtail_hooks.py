"""The admin's list of proposal thresholds: households a proposal needs, per category, with a
space's own figure where it differs from the city's."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ProposalThreshold


class ProposalThresholdViewSet(SnippetViewSet):
    model = ProposalThreshold
    icon = "group"
    menu_label = _("Proposal thresholds")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["category", "space", "households"]
    list_filter = ["space"]
    search_fields = ["category__name"]
    panels = [FieldPanel("category"), FieldPanel("space"), FieldPanel("households")]

    def get_queryset(self, request):
        return ProposalThreshold.objects.select_related("category", "space")


register_snippet(ProposalThresholdViewSet)
