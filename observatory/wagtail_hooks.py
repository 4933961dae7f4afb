"""The City's dashboard in the Wagtail admin: for city staff only, the headline figures of
this month against last month and what waits for an answer."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import dashboard
from .permissions import can_see_full_figures


class CityDashboardPanel(Component):
    name = "city_dashboard"
    template_name = "observatory/admin/city_dashboard_panel.html"
    order = 40  # before the admin's own panels: it is what city staff come for

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        waiting_count, waiting = dashboard.proposals_waiting()
        unserved_count, unserved = dashboard.proposals_without_provider()
        idle_count, idle = dashboard.labs_idle()
        context.update(
            {
                "request": parent_context["request"],
                "headline": dashboard.headline(),
                "waiting": waiting,
                "waiting_count": waiting_count,
                "waiting_days": dashboard.WAITING_DAYS,
                "unserved": unserved,
                "unserved_count": unserved_count,
                "idle": idle,
                "idle_count": idle_count,
                "idle_days": dashboard.IDLE_DAYS,
                "account_url": reverse("observatory:account"),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_city_dashboard_panel(request, panels):
    # Whole figures and every space's queue: the City's staff only.
    if can_see_full_figures(request.user):
        panels.append(CityDashboardPanel())
