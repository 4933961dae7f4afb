"""The desk's pages at /sportello/: the desk's home (find a person, register one, the open
session), a resident's desk page (record, consent, sessions, what was done for them), the
printed consent form, and starting and ending an assisted session.

Every write calls a service: bad input comes back as the form with its errors next to the
fields (422), a state conflict with its message (409), a refusal as 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spaces_pages.models import SpacePage
from wemi_community.core.audit import action_label
from wemi_community.core.errors import StateConflict
from wemi_community.core.forms import add_service_errors
from wemi_community.core.ids import parse_id
from wemi_community.core.models import AuditEntry

from . import assisted, calls, permissions, residents
from .forms import FindForm, ReportOnlineForm, ResidentForm, SessionStartForm
from .identity import phone_display
from .middleware import SESSION_KEY
from .models import ActivationCode, AssistedSession, DeskConflict, DeskResident

User = get_user_model()
CURRENT_DESK = "desk_space"
DONE_FOR_PERSON_SHOWN = 30


def operator_of(request):
    """Who works at the desk: the operator, also inside an assisted session."""
    return getattr(request, "desk_operator", None) or request.user


def current_desk(request) -> SpacePage:
    """The desk the operator works at now: the one they chose (``?spazio=``), else the
    last one, else their first. 403 for someone who works at no desk."""
    operator = operator_of(request)
    desks = permissions.desks_of(operator).order_by("title")
    wanted = request.GET.get("spazio") or request.session.get(CURRENT_DESK)
    space = None
    if wanted := parse_id(wanted):
        space = desks.filter(pk=wanted).first()
    space = space or desks.first()
    if space is None:
        raise PermissionDenied
    request.session[CURRENT_DESK] = space.pk
    return space


def desk_page(request, template: str, context: dict, status: int = 200):
    space = context.get("space") or current_desk(request)
    context.setdefault("space", space)
    context.setdefault("desks", permissions.desks_of(operator_of(request)).order_by("title"))
    return render(request, template, context, status=status)


def desk_links(request, space) -> list[dict]:
    """The desk's other pages, as buttons on its home."""
    links = []
    operator = operator_of(request)
    if permissions.can_see_appointments_of(operator, space):
        links.append({"url": reverse("desk:today"), "label": _("Today's appointments")})
    if permissions.can_publish_slots(operator, space):
        links.append({"url": reverse("desk:appointments"), "label": _("Appointment slots")})
    if permissions.works_at_desk(operator, space):
        links.append({"url": reverse("desk:contact_new"), "label": _("Log a contact")})
    if permissions.can_see_desk_log(operator, space):
        links.append({"url": reverse("desk:contacts"), "label": _("Contacts log")})
    if permissions.can_see_calls(operator, space):
        to_call = calls.calls_open(space).count()
        links.append(
            {
                "url": reverse("desk:calls"),
                "label": _("Calls to make (%(count)s)") % {"count": to_call},
            }
        )
    if permissions.can_resolve_conflicts(operator_of(request)):
        links.append({"url": reverse("desk:conflicts"), "label": _("Two records of one person")})
    return links


@login_required
@require_GET
def home(request):
    space = current_desk(request)
    return desk_page(
        request,
        "desk/home.html",
        {
            "space": space,
            "find_form": FindForm(),
            "open_session": assisted.session_open_for(operator_of(request)),
            "desk_links": desk_links(request, space),
        },
    )


@login_required
@require_GET
def find(request):
    space = current_desk(request)
    form = FindForm(request.GET)
    found, status = None, 200
    if form.is_valid():
        try:
            found = residents.residents_find(actor=operator_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            status = 422
    else:
        status = 422
    return desk_page(
        request,
        "desk/home.html",
        {
            "space": space,
            "find_form": form,
            "found": found,
            "searched": True,
            "desk_links": desk_links(request, space),
        },
        status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    space = current_desk(request)
    if not permissions.can_register_resident(operator_of(request), space):
        raise PermissionDenied
    form = ResidentForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            resident = residents.resident_register(
                actor=operator_of(request), space=space, data=form.cleaned_data
            )
        except residents.AlreadyRegistered as conflict:
            existing = conflict.person
            form.add_error("fiscal_code" if "codice" in str(conflict) else "email", str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Print the consent form and have it signed.")
                % {"name": resident.user.display_name},
            )
            return redirect("desk:resident", pk=resident.user_id)
    status = 200 if request.method == "GET" else (409 if existing else 422)
    return desk_page(
        request,
        "desk/register.html",
        {"space": space, "form": form, "existing": existing},
        status,
    )


def _person_or_404(request, pk: int):
    if not permissions.can_find_residents(operator_of(request)):
        raise PermissionDenied
    return get_object_or_404(User.objects.select_related("desk_record"), pk=pk, is_active=True)


def done_for(person, limit: int = DONE_FOR_PERSON_SHOWN) -> list[dict]:
    """What desks did for the person, newest first, with each action's label."""
    rows = (
        AuditEntry.objects.filter(on_behalf_of=person)
        .exclude(actor=person)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:limit]
    )
    return [
        {"entry": row, "label": action_label(row.action), "desk": row.data.get("desk", "")}
        for row in rows
    ]


@login_required
@require_GET
def resident(request, pk: int):
    person = _person_or_404(request, pk)
    record = (
        DeskResident.objects.filter(user=person)
        .select_related(
            "space", "user__municipio", "user__nil", "consent_recorded_by", "registered_by"
        )
        .first()
    )
    space = current_desk(request)
    return desk_page(
        request,
        "desk/resident.html",
        _resident_context(request, person, record, space),
    )


def _resident_context(request, person, record, space, **extra) -> dict:
    operator = operator_of(request)
    sessions = list(
        AssistedSession.objects.filter(person=person).select_related("operator", "space")[:10]
    )
    context = {
        "space": space,
        "person": person,
        "record": record,
        "phone": phone_display(record.phone) if record else "",
        "can_edit": record is not None and permissions.can_edit_resident(operator, record),
        "can_assist": permissions.can_assist(operator, person, space),
        "reason_required": assisted.reason_required(person),
        "session_form": SessionStartForm(),
        "sessions": sessions,
        "receipts": {s.pk for s in sessions if permissions.can_see_receipt(operator, s)},
        "just_ended": _just_ended(request, person, operator),
        "done": done_for(person),
        "open_session": assisted.session_open_for(operator),
    }
    context.update(_online_context(operator, person, record))
    context.update(extra)
    return context


def _just_ended(request, person, operator):
    """An ended session of this person named by ``?sessione=`` (where ending a session
    leads), whose receipt the page offers to print if the desk worker may see it."""
    wanted = parse_id(request.GET.get("sessione"))
    if not wanted:
        return None
    session = (
        AssistedSession.objects.filter(pk=wanted, person=person, ended_at__isnull=False)
        .select_related("space")
        .first()
    )
    if session is None or not permissions.can_see_receipt(operator, session):
        return None
    return session


def _online_context(operator, person, record) -> dict:
    """The card about getting online: the activation code, reporting an online account."""
    if record is None:
        return {}
    return {
        "person_blocks": [{"template": "desk/includes/online_account.html"}],
        "can_issue_activation": permissions.can_issue_activation(operator, record),
        "last_code": ActivationCode.objects.filter(user=person).first(),
        "can_report_online": permissions.can_report_conflict(operator),
        "can_file_deletion": permissions.can_file_deletion(operator, person),
        "report_form": ReportOnlineForm(),
        "open_conflicts": DeskConflict.objects.filter(
            desk_user=person, state=DeskConflict.State.OPEN
        ).select_related("online_user"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def resident_edit(request, pk: int):
    person = _person_or_404(request, pk)
    record = get_object_or_404(DeskResident, user=person)
    if not permissions.can_edit_resident(operator_of(request), record):
        raise PermissionDenied
    form = ResidentForm(request.POST or None, initial=ResidentForm.initial_from(record))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                residents.resident_update(
                    actor=operator_of(request), resident=record, data=form.cleaned_data
                )
            except residents.AlreadyRegistered as conflict:
                form.add_error(None, str(conflict))
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("desk:resident", pk=person.pk)
    return desk_page(
        request,
        "desk/register.html",
        {"form": form, "editing": record, "person": person},
        status,
    )


@login_required
@require_GET
def consent_print(request, pk: int):
    person = _person_or_404(request, pk)
    record = get_object_or_404(
        DeskResident.objects.select_related("space", "user__municipio", "user__nil"), user=person
    )
    return render(
        request,
        "desk/consent_print.html",
        {
            "person": person,
            "record": record,
            "phone": phone_display(record.phone),
            "space": record.space,
            "privacy_version": record.privacy_version or residents.privacy_version(),
        },
    )


@login_required
@require_POST
def consent_signed(request, pk: int):
    person = _person_or_404(request, pk)
    record = get_object_or_404(DeskResident, user=person)
    try:
        residents.consent_record(actor=operator_of(request), resident=record)
    except StateConflict as error:
        messages.warning(request, str(error))
    else:
        messages.success(request, _("Consent recorded."))
    return redirect("desk:resident", pk=person.pk)


@login_required
@require_POST
def session_start(request, pk: int):
    person = _person_or_404(request, pk)
    space = current_desk(request)
    operator = operator_of(request)
    form = SessionStartForm(request.POST)
    form.is_valid()
    try:
        session = assisted.session_start(
            operator=operator,
            person=person,
            space=space,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as error:
        add_service_errors(form, error)
        status = 422
    except StateConflict as error:
        form.add_error(None, str(error))
        status = 409
    else:
        request.session[SESSION_KEY] = session.pk
        messages.info(
            request,
            _("You are now acting for %(name)s. Use the site's pages as usual.")
            % {"name": person.display_name},
        )
        next_url = request.POST.get("next", "")
        return redirect(
            next_url
            if next_url.startswith("/") and not next_url.startswith("//")
            else reverse("desk:resident", args=[session.person_id])
        )
    record = DeskResident.objects.filter(user=person).first()
    return desk_page(
        request,
        "desk/resident.html",
        _resident_context(request, person, record, space, session_form=form),
        status,
    )


@login_required
@require_POST
def session_end(request):
    operator = operator_of(request)
    if not permissions.works_at_any_desk(operator):
        raise PermissionDenied
    session = (
        getattr(request, "desk_session", None)
        or AssistedSession.objects.filter(operator=operator, ended_at__isnull=True).first()
    )
    if session is None:
        messages.info(request, _("No assisted session is open."))
        return redirect("desk:home")
    session = assisted.session_end(operator=operator, session=session)
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("The assisted session for %(name)s has ended.") % {"name": session.person.display_name},
    )
    # To the person's desk page, which offers this session's receipt to print.
    return redirect(
        f"{reverse('desk:resident', args=[session.person_id])}?sessione={session.pk}#desk-session"
    )
