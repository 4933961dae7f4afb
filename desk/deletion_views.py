"""The desk files a resident's request, signed on paper, to delete their account:
/sportello/persone/<pk>/elimina/. The same deletion as the person's own, through the
accounts' service, with the form's number on the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wemi_community.accounts.deletion import account_delete, summary_lines
from wemi_community.accounts.models import AccountDeletion
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors

from . import permissions
from .forms import DeskDeletionForm
from .views import desk_page

User = get_user_model()


@login_required
@require_http_methods(["GET", "POST"])
def resident_delete(request, pk: int):
    if getattr(request, "desk_operator", None) is not None:
        # Inside an assisted session the page would act as the person: never for this.
        raise PermissionDenied
    operator = request.user
    person = get_object_or_404(User.objects.select_related("desk_record__space"), pk=pk)
    if not permissions.can_file_deletion(operator, person):
        raise PermissionDenied
    if person.deleted_at is not None:
        return render(
            request,
            "desk/resident_deleted.html",
            {"person": person, "conflict": _("This account is already deleted.")},
            status=409,
        )
    form = DeskDeletionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                deletion = account_delete(
                    user=person,
                    actor=operator,
                    channel=AccountDeletion.Channel.DESK,
                    signed_form_reference=form.cleaned_data["signed_form_reference"],
                )
            except StateConflict as error:
                form.add_error(None, str(error))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The account has been deleted."))
                return render(
                    request,
                    "desk/resident_deleted.html",
                    {"person": person, "deletion": deletion, **summary_lines(deletion.summary)},
                )
    return desk_page(
        request, "desk/resident_delete.html", {"form": form, "person": person}, status=status
    )
