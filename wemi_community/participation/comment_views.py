"""Comment and follow views. Each works as a plain form post (redirect back to the object) and,
when htmx sends it, answers with the fragment to swap in place."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wemi_community.core.errors import ObjectHidden, ParticipationError, StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ratelimits import rate_limit

from . import comments as comment_services
from . import follows, registry
from .forms import CommentForm
from .models import Comment
from .permissions import can_take_part, can_view_target
from .selectors import annotate_for_viewer, comment_thread, followed_by, page_of_root

PAGE_PARAMETER = "commenti"


def _target_or_404(request, content_type_id, object_id):
    target = registry.resolve(content_type_id, object_id)
    if target is None or not can_view_target(request.user, target):
        raise Http404
    return target


def _target_url(target) -> str:
    return registry.participatory(target).url_of(target)


def _login_redirect(request, next_url):
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = redirect_to_login(next_url).url
        return response
    return redirect_to_login(next_url)


def section_context(request, target, *, page_number=None) -> dict:
    page_number = page_number or request.GET.get(PAGE_PARAMETER) or 1
    thread = comment_thread(target, user=request.user, page_number=page_number)
    return {
        "thread": thread,
        "target": target,
        "title": registry.participatory(target).conversation_title,
        "content_type_id": thread.content_type.pk,
        "form": CommentForm(field_id=f"new-{thread.content_type.pk}-{target.pk}"),
        "page_parameter": PAGE_PARAMETER,
        "target_url": _target_url(target),
        "request": request,
        "user": request.user,
    }


def _section(request, target, *, page_number=None, status=200) -> HttpResponse:
    return render(
        request,
        "participation/comments/section.html",
        section_context(request, target, page_number=page_number),
        status=status,
    )


@require_GET
def comments(request, content_type_id, object_id):
    """A page of the conversation: the fragment for htmx, otherwise back to the object."""
    target = _target_or_404(request, content_type_id, object_id)
    if not request.htmx:
        page = request.GET.get(PAGE_PARAMETER, "1")
        return HttpResponseRedirect(f"{_target_url(target)}?{PAGE_PARAMETER}={page}#comments")
    return _section(request, target)


def _form_error_response(request, form, target, *, parent, status):
    template = (
        "participation/comments/form.html"
        if request.htmx
        else "participation/comments/form_page.html"
    )
    context = {
        "form": form,
        "target": target,
        "target_url": _target_url(target),
        "content_type_id": registry_content_type_id(target),
        "parent": parent,
    }
    return render(request, template, context, status=status)


def registry_content_type_id(target) -> int:
    return ContentType.objects.get_for_model(target).pk


@require_POST
@rate_limit("comment")
def comment_create(request, content_type_id, object_id):
    target = _target_or_404(request, content_type_id, object_id)
    if not request.user.is_authenticated:
        return _login_redirect(request, f"{_target_url(target)}#comments")
    parent_id = request.POST.get("parent") or None
    form = CommentForm(request.POST, field_id=f"reply-{parent_id}" if parent_id else "")
    if not form.is_valid():
        # E.g. a NUL character: the form's own message, without a second one from the service.
        return _form_error_response(request, form, target, parent=None, status=422)
    parent = None
    if parent_id:
        parent = Comment.objects.filter(
            pk=form.cleaned_data.get("parent") or 0,
            target_type_id=content_type_id,
            target_id=object_id,
        ).first()
        if parent is None:
            form.add_error(None, _("The comment you are replying to does not exist."))
            return _form_error_response(request, form, target, parent=None, status=404)
    try:
        comment = comment_services.comment_post(
            actor=request.user,
            target=target,
            text=form.cleaned_data.get("text", ""),
            parent=parent,
        )
    except ObjectHidden as error:
        raise Http404 from error
    except ValidationError as error:
        add_service_errors(form, error)
        return _form_error_response(request, form, target, parent=parent, status=422)
    except StateConflict as error:
        form.add_error(None, str(error))
        return _form_error_response(request, form, target, parent=parent, status=409)
    except ParticipationError as error:
        form.add_error(None, str(error))
        return _form_error_response(request, form, target, parent=parent, status=400)

    page = page_of_root(comment.root)
    if request.htmx:
        response = _section(request, target, page_number=page)
        response["HX-Retarget"] = f"#comments-{content_type_id}-{object_id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, _("Your comment is published."))
    return HttpResponseRedirect(
        f"{_target_url(target)}?{PAGE_PARAMETER}={page}#comment-{comment.pk}"
    )


def _own_comment_or_404(request, pk) -> tuple[Comment, object]:
    """The signed-in author's comment: 404 if the object is hidden from them, 403 if the
    comment is someone else's."""
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    target = comment.target
    if target is None or not can_view_target(request.user, target):
        raise Http404
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    return comment, target


def _article(request, comment, target, *, status=200):
    annotate_for_viewer(comment, request.user, can_take_part(request.user, target))
    html = render_to_string(
        "participation/comments/article.html",
        {"comment": comment, "target": target, "user": request.user, "request": request},
        request=request,
    )
    return HttpResponse(html, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("comment")
def comment_update(request, pk):
    comment, target = _own_comment_or_404(request, pk)
    form = CommentForm(
        request.POST or None, initial={"text": comment.body_source}, field_id=f"edit-{comment.pk}"
    )
    status = 200
    if request.method == "POST" and not form.is_valid():
        status = 422
    elif request.method == "POST":
        try:
            comment = comment_services.comment_edit(
                author=request.user, comment=comment, text=form.cleaned_data.get("text", "")
            )
        except ValidationError as error:
            add_service_errors(form, error)
            status = 422
        except StateConflict as error:
            form.add_error(None, str(error))
            status = 409
        else:
            if request.htmx:
                return _article(request, comment, target)
            messages.success(request, _("Your comment is updated."))
            return HttpResponseRedirect(comment_services.comment_url(comment))
    template = (
        "participation/comments/edit_form.html"
        if request.htmx
        else "participation/comments/edit_page.html"
    )
    context = {
        "form": form,
        "comment": comment,
        "target": target,
        "target_url": _target_url(target),
    }
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@rate_limit("comment")
def comment_remove(request, pk):
    comment, target = _own_comment_or_404(request, pk)
    error = None
    status = 200
    if request.method == "POST":
        try:
            comment = comment_services.comment_delete(author=request.user, comment=comment)
        except StateConflict as conflict:
            error, status = str(conflict), 409
        else:
            if request.htmx:
                return _article(request, comment, target)
            messages.success(request, _("Your comment is deleted."))
            return HttpResponseRedirect(comment_services.comment_url(comment))
    context = {
        "comment": comment,
        "target": target,
        "target_url": _target_url(target),
        "error": error,
    }
    return render(request, "participation/comments/delete_page.html", context, status=status)


@login_required
@require_GET
def following(request):
    """What the person follows, with a button to stop each."""
    page = Paginator(followed_by(request.user), 25).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    prefetch_related_objects(rows, "target")
    items = []
    for row in rows:
        entry = registry.participatory(row.target) if row.target is not None else None
        if entry is None or not entry.can_view(request.user, row.target):
            continue  # gone, or no longer visible to this person
        items.append(
            {
                "target": row.target,
                "url": entry.url_of(row.target),
                "content_type_id": row.target_type_id,
            }
        )
    return render(request, "participation/following.html", {"page_obj": page, "items": items})


@require_POST
def follow_toggle(request, content_type_id, object_id):
    target = _target_or_404(request, content_type_id, object_id)
    if not request.user.is_authenticated:
        return _login_redirect(request, _target_url(target))
    action = request.POST.get("action")
    if action not in ("follow", "unfollow"):
        return HttpResponse(_("Unknown action."), status=400)
    service = follows.follow if action == "follow" else follows.unfollow
    try:
        service(actor=request.user, target=target)
    except ObjectHidden as error:
        raise Http404 from error
    if request.htmx:
        return render(
            request,
            "participation/follow_button.html",
            {
                "target": target,
                "following": action == "follow",
                "can_follow": True,
                "content_type_id": content_type_id,
                "user": request.user,
            },
        )
    messages.success(
        request,
        _("You follow it now: you will be notified of news.")
        if action == "follow"
        else _("You no longer follow it."),
    )
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(_target_url(target))
