"""Events in the Wagtail admin: the coordinators' list of their spaces' events (city staff:
all), and publishing or editing one with the same form and services as the site's pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from spaces_pages.permissions import coordinates_a_space, spaces_coordinated_by
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import permissions, services
from .forms import SERVICE_FIELDS, EventForm
from .manage_views import event_data_with_image
from .models import Event

EVENTS_PER_PAGE = 30


def can_use_admin(user) -> bool:
    return coordinates_a_space(user)


def refused(request, status: int = 403) -> TemplateResponse:
    return TemplateResponse(
        request,
        "events/admin/refused.html",
        {"header_title": _("Events"), "page_title": _("Events")},
        status=status,
    )


class EventAdminList(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/event_list.html"
    page_title = gettext_lazy("Events")
    header_icon = "date"

    def dispatch(self, request, *args, **kwargs):
        if not can_use_admin(request.user):
            return refused(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        past = self.request.GET.get("passati") == "1"
        events = Event.objects.filter(
            space__in=spaces_coordinated_by(self.request.user).values("pk")
        ).select_related("space")
        now = timezone.now()
        if past:
            events = events.filter(ends_at__lt=now).order_by("-starts_at")
        else:
            events = events.filter(ends_at__gte=now).order_by("starts_at")
        page_obj = Paginator(events, EVENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update({"page_obj": page_obj, "events": page_obj.object_list, "past": past})
        return context


class EventAdminForm(WagtailAdminTemplateMixin, FormView):
    """Publishing (``event`` None) or editing one event, through ``services.py``."""

    template_name = "events/admin/event_form.html"
    header_icon = "date"
    event: Event | None = None

    def dispatch(self, request, *args, **kwargs):
        if not can_use_admin(request.user):
            return refused(request)
        if "pk" in kwargs:
            self.event = get_object_or_404(Event.objects.select_related("space"), pk=kwargs["pk"])
            if not permissions.can_manage_event(request.user, self.event):
                return refused(request)
            if self.event.is_cancelled or self.event.is_past:
                return refused(request, status=409)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Edit the event") if self.event else _("Publish an event")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_admin:list"), "label": _("Events")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.event is None:
            kwargs.update({"user": self.request.user, "mode": "create"})
        else:
            kwargs.update(
                {
                    "mode": "edit",
                    "series": self.event.series_id is not None,
                    "initial": EventForm.initial_from(self.event),
                }
            )
        return kwargs

    def get_form_class(self):
        return EventForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "action_url": self.request.path,
                "submit_button_label": _("Save") if self.event else _("Publish"),
                "submit_button_active_label": _("Saving…"),
                "event": self.event,
            }
        )
        return context

    def form_valid(self, form):
        try:
            # A refused event keeps no stored picture.
            with transaction.atomic():
                data = event_data_with_image(self.request.user, form, self.event)
                if self.event is None:
                    events = services.event_create(
                        actor=self.request.user,
                        space=form.cleaned_data["space"],
                        data=data,
                        rule=form.rule(),
                    )
                else:
                    events = services.event_update(
                        actor=self.request.user,
                        event=self.event,
                        data=data,
                        scope=form.cleaned_data.get("scope") or "one",
                    )
        except ValidationError as error:
            add_service_errors(form, error, field_names=SERVICE_FIELDS)
            return self.render_to_response(self.get_context_data(form=form), status=422)
        except StateConflict as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            self.request,
            _("“%(title)s” is saved: %(count)s dates.")
            % {"title": events[0].title, "count": len(events)},
        )
        return redirect("events_admin:list")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)
