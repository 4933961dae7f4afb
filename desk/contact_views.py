"""The desk's contacts log at /sportello/contatti/: logging a contact in a few clicks, the
log of the current desk over a period with its totals, its CSV, and taking a contact back.

Every write calls ``desk.contacts``: bad input comes back as the form with its errors next
to the fields (422), a state conflict with its message (409), a refusal as 403."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wemi_community.core.errors import StateConflict
from wemi_community.core.exports import csv_response
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id
from wemi_community.core.milan import ROME

from . import contacts, permissions
from .forms import ContactForm, ContactPeriodForm
from .models import DeskContact
from .views import current_desk, desk_page, operator_of

CONTACTS_PER_PAGE = 50
CSV_CHUNK = 500


def _desk_for(request, allowed) -> object:
    """The current desk, if ``allowed(operator, desk)``. Asking for another desk by name
    (``?spazio=``) that is not one's own is refused, not silently swapped."""
    space = current_desk(request)
    wanted = request.GET.get("spazio")
    if wanted and wanted != str(space.pk):
        raise PermissionDenied
    if not allowed(operator_of(request), space):
        raise PermissionDenied
    return space


def _initial(request) -> dict:
    now = timezone.now().astimezone(ROME)
    initial = {
        "day": now.date(),
        "time": now.time().replace(second=0, microsecond=0),
        "channel": DeskContact.Channel.VISIT,
        "minutes": 10,
    }
    wanted = parse_id(request.GET.get("persona"))
    if wanted:
        person = (
            ContactForm.base_fields["person"]
            .queryset.select_related("municipio", "nil")
            .filter(pk=wanted)
            .first()
        )
        if person is not None:
            municipio, nil = contacts.place_of(person)
            initial.update(
                person=person.pk,
                municipio=municipio.pk if municipio else None,
                nil=str(nil.pk) if nil else "",
            )
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def contact_new(request):
    space = _desk_for(request, permissions.works_at_desk)
    form = ContactForm(request.POST or None, initial=_initial(request))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                contacts.contact_log(
                    actor=operator_of(request), space=space, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error, field_names={"happened_at": "day"})
            else:
                messages.success(request, _("Contact logged. You can log the next one."))
                return redirect("desk:contact_new")
    person = form["person"].value()
    return desk_page(
        request,
        "desk/contact_form.html",
        {
            "space": space,
            "form": form,
            "person": (
                ContactForm.base_fields["person"].queryset.filter(pk=parse_id(person)).first()
                if parse_id(person)
                else None
            ),
        },
        status,
    )


def _period(form: ContactPeriodForm) -> tuple[datetime.date, datetime.date]:
    first, last = contacts.month_of(timezone.localdate())
    if form.is_valid():
        return form.cleaned_data.get("dal") or first, form.cleaned_data.get("al") or last
    return first, last


def _csv(rows):
    """The header and the lines of the period's contacts, read in chunks."""
    header = [
        _("Date"),
        _("Time"),
        _("Channel"),
        _("Topics"),
        _("Municipio"),
        _("Neighbourhood (NIL)"),
        _("Person"),
        _("Anonymous"),
        _("Outcome"),
        _("Minutes"),
        _("Note"),
        _("Operator"),
    ]
    yes, no = _("yes"), _("no")

    def lines():
        for contact in rows.iterator(chunk_size=CSV_CHUNK):
            moment = contacts.local_moment(contact)
            yield [
                moment.strftime("%Y-%m-%d"),
                moment.strftime("%H:%M"),
                contact.get_channel_display(),
                "; ".join(str(topic) for topic in contact.topics.all()),
                contact.municipio.number if contact.municipio else "",
                contact.nil.display_name if contact.nil else "",
                contact.person.display_name if contact.person else "",
                yes if contact.anonymous else no,
                contact.get_outcome_display(),
                contact.minutes,
                contact.note,
                contact.operator.display_name if contact.operator else "",
            ]

    return header, lines()


@login_required
@require_GET
def contact_list(request):
    space = _desk_for(request, permissions.can_see_desk_log)
    form = ContactPeriodForm(request.GET or None)
    start, end = _period(form)
    rows = contacts.contacts_for(space, start, end)
    invalid = form.is_bound and not form.is_valid()
    # A file of another period than the one asked would mislead: a bad period shows its errors.
    if request.GET.get("formato") == "csv" and not invalid:
        return csv_response(f"contatti-sportello-{start:%Y%m%d}-{end:%Y%m%d}.csv", *_csv(rows))
    page_obj = Paginator(rows, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    operator = operator_of(request)
    works_here = permissions.works_at_desk(operator, space)
    now = timezone.now()
    deletable = {
        contact.pk
        for contact in page_obj
        if works_here and contacts.can_delete(operator, contact, now=now)
    }
    query = request.GET.copy()
    query.pop("page", None)
    query["formato"] = "csv"
    return desk_page(
        request,
        "desk/contacts.html",
        {
            "space": space,
            "form": form,
            "start": start,
            "end": end,
            "page_obj": page_obj,
            "totals": contacts.totals(rows),
            "deletable": deletable,
            "can_log": works_here,
            "csv_query": query.urlencode(),
        },
        422 if invalid else 200,
    )


@login_required
@require_POST
def contact_delete(request, pk: int):
    contact = get_object_or_404(DeskContact.objects.select_related("space"), pk=pk)
    operator = operator_of(request)
    if not permissions.works_at_desk(operator, contact.space):
        raise PermissionDenied
    try:
        contacts.contact_delete(actor=operator, contact=contact)
    except StateConflict as error:
        messages.warning(request, str(error))
    else:
        messages.success(request, _("Contact deleted."))
    return redirect("desk:contacts")
