"""The API's resources: read-only lists and single objects, each list a fixed number of
queries whatever its length (joined, prefetched; the counts are columns)."""

from __future__ import annotations

from django.db.models import Min, Prefetch, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from events import selectors as event_selectors
from events.models import Course, Event
from proposals import selectors as proposal_selectors
from proposals.models import Proposal
from shared_services.models import SharedService
from spaces_pages.models import Closure, SpacePage
from spaces_pages.selectors import live_spaces
from volunteering import selectors as volunteering_selectors
from volunteering.models import Opportunity

from . import filters, serializers
from .base import Public
from .filters import KnownParametersBackend


class ReadOnlyViewSet(Public, viewsets.ReadOnlyModelViewSet):
    filter_backends = [KnownParametersBackend, DjangoFilterBackend, filters.Ordering]
    # Ids are whole numbers a database column holds: anything else is no resource of the API
    # (the JSON 404 of api.urls), never a query with a number SQLite cannot take.
    lookup_value_regex = r"[0-9]{1,9}"


class SpaceViewSet(ReadOnlyViewSet):
    """The Spazi WeMi: where they are, their weekly opening hours and the closures ahead."""

    queryset = SpacePage.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.Space
    filterset_class = filters.SpaceFilter
    ordering_fields = ["title", "municipio__number"]
    ordering = ["municipio__number", "title"]

    def get_queryset(self):
        closures = Closure.objects.filter(end_date__gte=timezone.localdate())
        return live_spaces().prefetch_related(
            "opening_slots", Prefetch("closures", queryset=closures.order_by("start_date"))
        )


class EventViewSet(ReadOnlyViewSet):
    """Events to come, one row per date (a recurring event's dates share ``series``; a
    course's sessions carry ``course``). Cancelled ones are left out of the list."""

    queryset = Event.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.Event
    filterset_class = filters.EventFilter
    ordering_fields = ["starts_at", "title"]
    ordering = ["starts_at", "pk"]

    def get_queryset(self):
        if self.action == "list":
            events = event_selectors.upcoming()
        else:
            # A single event stays readable once over or cancelled, as its page does.
            events = Event.objects.select_related("space", "space__municipio", "course")
        return events.select_related("provider")


class CourseViewSet(ReadOnlyViewSet):
    """Courses with a session to come, with their sessions and places."""

    queryset = Course.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.Course
    filterset_class = filters.CourseFilter
    ordering_fields = ["next_session", "title"]
    ordering = ["next_session", "pk"]

    def get_queryset(self):
        now = timezone.now()
        live = Q(sessions__cancelled_at__isnull=True)
        courses = (
            Course.objects.select_related("space", "space__municipio")
            .prefetch_related(
                Prefetch(
                    "sessions",
                    queryset=Event.objects.order_by("starts_at", "pk"),
                    to_attr="listed_sessions",
                )
            )
            .annotate(
                next_session=Min("sessions__starts_at", filter=live & Q(sessions__ends_at__gte=now))
            )
        )
        if self.action == "list":
            courses = courses.filter(cancelled_at__isnull=True, next_session__isnull=False)
        return courses


class OpportunityViewSet(ReadOnlyViewSet):
    """Open volunteer opportunities with shifts to come, and the room left in each shift."""

    queryset = Opportunity.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.Opportunity
    filterset_class = filters.OpportunityFilter
    ordering_fields = ["created_at", "title"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return volunteering_selectors.opportunity_list()


class ProposalViewSet(ReadOnlyViewSet):
    """Published proposals, as the public list of proposals shows them (open ones unless
    ``state`` says otherwise); a hidden one is not there."""

    queryset = Proposal.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.Proposal
    filterset_class = filters.ProposalFilter
    ordering_fields = ["published_at", "households_count", "deadline"]
    ordering = ["-published_at", "-pk"]

    def get_queryset(self):
        return proposal_selectors.published_proposals()


class SharedServiceViewSet(ReadOnlyViewSet):
    """Shared services running now: who provides them, where, when, and the seats free."""

    queryset = SharedService.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.SharedService
    filterset_class = filters.SharedServiceFilter
    ordering_fields = ["created_at", "title"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return SharedService.objects.filter(state=SharedService.State.RUNNING).select_related(
            "provider", "space", "space__municipio", "category"
        )


class Root(Public, APIView):
    """What this API holds, with links."""

    pagination_class = None

    def dispatch(self, request, *args, **kwargs):
        # A person opening the API's address in a browser is shown its documentation;
        # programs asking for JSON (or anything but a page) get the links below.
        accept = request.META.get("HTTP_ACCEPT", "")
        if request.method in ("GET", "HEAD") and "text/html" in accept and not request.GET:
            return redirect("api:docs")
        return super().dispatch(request, *args, **kwargs)

    @extend_schema(exclude=True)
    def get(self, request):
        names = {
            "spaces": "api:space-list",
            "events": "api:event-list",
            "courses": "api:course-list",
            "volunteer_opportunities": "api:opportunity-list",
            "proposals": "api:proposal-list",
            "shared_services": "api:sharedservice-list",
            "observatory_demand": "api:observatory-demand",
            "observatory_funnel": "api:observatory-funnel",
            "observatory_services": "api:observatory-services",
            "schema": "api:schema",
            "docs": "api:docs",
        }
        filters.reject_unknown(request, ())
        links = {key: reverse(name, request=request) for key, name in names.items()}
        return Response({"description": _("The public data of WeMi Community."), **links})
