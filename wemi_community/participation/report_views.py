"""The report page: anyone signed in who can see a piece of content may report it once.

With htmx (an ``HX-Request`` header) the page answers with the fragment only: the form, or
the confirmation that replaces it. Statuses: 422 for field errors, 409 for a second report,
403 for one's own content (200 with htmx, whose configuration in base.html swaps only 2xx,
400, 404, 409 and 422), 404 for content the person may not see or that is not registered."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wemi_community.core.errors import ObjectHidden, ParticipationError
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ratelimits import rate_limit

from . import registry
from .forms_report import ReportForm
from .moderation import AlreadyReported, has_reported, report_submit

OWN, ALREADY, DONE, FORM = "own", "already", "done", "form"


def _respond(request, context, *, state, status=200):
    htmx = bool(request.htmx)
    template = "participation/report_form.html" if htmx else "participation/report.html"
    if htmx and status == 403:
        status = 200
    return TemplateResponse(request, template, {**context, "state": state}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("report")
def report(request, content_type_id: int, object_id: int):
    content = registry.resolve(content_type_id, object_id, kind="content")
    if content is None:
        raise Http404
    entry = registry.content(content)
    gone = content.is_hidden or getattr(content, "deleted_at", None) is not None
    if gone or not entry.can_view(request.user, content):
        raise Http404
    content_url = entry.url_of(content) or "/"
    context = {
        "content": content,
        "excerpt": entry.excerpt_of(content),
        "content_url": content_url,
        "action": request.path,
        "fragment_id": f"report-{content_type_id}-{object_id}",
    }
    author = entry.author_of(content)
    if author is not None and getattr(author, "pk", author) == request.user.pk:
        return _respond(request, context, state=OWN, status=403)
    if has_reported(request.user, content):
        return _respond(request, context, state=ALREADY)

    form = ReportForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            report_submit(
                actor=request.user,
                content=content,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ObjectHidden as error:
            raise Http404 from error
        except AlreadyReported:
            return _respond(request, context, state=ALREADY, status=409)
        except ValidationError as error:
            add_service_errors(form, error)
        except ParticipationError as error:
            form.add_error(None, str(error))
        else:
            if request.htmx:
                return _respond(request, context, state=DONE)
            messages.success(request, _("Thank you, the moderators will look at it."))
            return redirect(content_url)
    return _respond(request, context, state=FORM, status=422 if form.errors else 200)
