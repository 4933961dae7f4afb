"""The moderation queue in the Wagtail admin: city staff see everything, a space's coordinators
their space's content. Every button posts to a view that calls a service in moderation.py,
which checks the permission again: a coordinator acting on another space's content gets 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from wemi_community.accounts.permissions import is_city_staff
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import registry
from .forms_report import BlockUserForm
from .moderation import content_hide, content_restore, reports_dismiss, user_block, user_unblock
from .moderation_queue import ALL, HIDDEN, PENDING, can_use_queue, moderation_queue
from .permissions import can_block_user

QUEUE_PER_PAGE = 25
QUEUE_URL = "participation_admin:moderation"


def refuse(request, message: str = "", *, status: int = 403) -> TemplateResponse:
    """An answer in the admin's own frame. Wagtail turns a raised PermissionDenied into a
    redirect to the dashboard; a moderator deserves to know what happened, with the status."""
    if not message:
        message = _("Sorry, you may not do this.") if status == 403 else _("This cannot be done.")
    return TemplateResponse(
        request,
        "participation/admin/refused.html",
        {
            "message": message,
            "status": status,
            "header_title": _("Moderation"),
            "page_title": _("Moderation"),
            "back_url": reverse(QUEUE_URL) if can_use_queue(request.user) else "",
        },
        status=status,
    )


def _back(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(QUEUE_URL)


class QueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "participation/admin/moderation_queue.html"
    page_title = gettext_lazy("Moderation")
    header_icon = "warning"
    states = (
        (PENDING, gettext_lazy("To review")),
        (HIDDEN, gettext_lazy("Hidden")),
        (ALL, gettext_lazy("All reported or hidden")),
    )

    def dispatch(self, request, *args, **kwargs):
        if not can_use_queue(request.user):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        state = self.request.GET.get("state", PENDING)
        state = state if state in dict(self.states) else PENDING
        items = moderation_queue(self.request.user, state=state)
        paginator = Paginator(items, QUEUE_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            {
                "items": page.object_list,
                "page_obj": page,
                "paginator": paginator,
                "elided_page_range": paginator.get_elided_page_range(page.number),
                "state": state,
                "states": self.states,
                "can_block": is_city_staff(self.request.user),
                "next_url": self.request.get_full_path(),
            }
        )
        return context


ACTIONS = {
    "nascondi": (content_hide, gettext_lazy("The content is hidden.")),
    "ripristina": (content_restore, gettext_lazy("The content is visible again.")),
    "archivia": (reports_dismiss, gettext_lazy("The reports are dismissed.")),
}


@require_POST
def content_action(request, content_type_id: int, object_id: int, action: str):
    if action not in ACTIONS:
        raise Http404
    content = registry.resolve(content_type_id, object_id, kind="content")
    if content is None:
        raise Http404
    service, success = ACTIONS[action]
    extra = {"reason": request.POST.get("reason", "")} if service is content_hide else {}
    try:
        service(moderator=request.user, content=content, **extra)
    except PermissionDenied:
        return refuse(request)
    except StateConflict as error:
        return refuse(request, str(error), status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(success))
    return redirect(_back(request))


class BlockUserView(WagtailAdminTemplateMixin, FormView):
    template_name = "participation/admin/block_user.html"
    form_class = BlockUserForm
    page_title = gettext_lazy("Block an account")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        self.person = get_object_or_404(get_user_model(), pk=kwargs["user_id"])
        if not can_block_user(request.user, self.person):
            return refuse(request)
        if self.person.blocked_at is not None:
            return refuse(request, _("This account is already blocked."), status=409)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.person)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(QUEUE_URL), "label": _("Moderation")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(person=self.person, **kwargs)

    def form_valid(self, form):
        try:
            user_block(
                moderator=self.request.user,
                user=self.person,
                reason=form.cleaned_data["reason"],
                hide_content=form.cleaned_data["hide_content"],
            )
        except PermissionDenied:
            return refuse(self.request)
        except StateConflict as error:
            return refuse(self.request, str(error), status=409)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(person)s can no longer sign in.") % {"person": self.person}
        )
        return redirect(reverse(QUEUE_URL))


@require_POST
def unblock_user(request, user_id: int):
    person = get_object_or_404(get_user_model(), pk=user_id)
    try:
        user_unblock(moderator=request.user, user=person)
    except PermissionDenied:
        return refuse(request)
    except StateConflict as error:
        return refuse(request, str(error), status=409)
    messages.success(request, _("%(person)s may sign in again.") % {"person": person})
    return redirect(_back(request))
