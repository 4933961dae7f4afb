"""/api/v1/: the public, read-only API (outside the language prefixes: messages follow
Accept-Language, links lead to the Italian pages)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import docs, exceptions, observatory, views

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("spaces", views.SpaceViewSet, basename="space")
router.register("events", views.EventViewSet, basename="event")
router.register("courses", views.CourseViewSet, basename="course")
router.register("volunteer-opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("shared-services", views.SharedServiceViewSet, basename="sharedservice")

urlpatterns = [
    path("", views.Root.as_view(), name="root"),
    path("schema/", docs.Schema.as_view(), name="schema"),
    path("docs/", docs.docs, name="docs"),
    path("observatory/demand/", observatory.Demand.as_view(), name="observatory-demand"),
    path("observatory/funnel/", observatory.Funnel.as_view(), name="observatory-funnel"),
    path("observatory/services/", observatory.Services.as_view(), name="observatory-services"),
    *router.urls,
    # Anything else under /api/v1/: a JSON 404, not the site's page.
    re_path(r"^.*$", exceptions.not_found),
]
