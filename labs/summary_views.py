"""The lab's summary: a printable page for the assembly's minutes and a CSV for the space.
Neither names a participant."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from wemi_community.core.exports import csv_response

from . import permissions, selectors
from .summary import summary, summary_table
from .viewer import lab_viewer


@require_GET
def lab_summary(request, pk: int):
    viewer = lab_viewer(request, pk)
    lab = viewer.lab
    if not permissions.can_see_summary(request.user, lab, viewer.participant):
        raise PermissionDenied
    return render(
        request,
        "labs/summary.html",
        {
            "lab": lab,
            "viewer": viewer,
            "data": summary(lab),
            "steps": selectors.phase_steps(lab),
            "can_export": permissions.can_export(request.user, lab),
            "can_see_evaluations": permissions.can_see_evaluations(request.user, lab),
            "printed_at": timezone.now(),
        },
    )


@require_GET
def lab_summary_csv(request, pk: int):
    viewer = lab_viewer(request, pk)
    lab = viewer.lab
    if not permissions.can_export(request.user, lab):
        raise PermissionDenied
    name = slugify(lab.title)[:60] or "laboratorio"
    return csv_response(f"{name}-sintesi.csv", *summary_table(summary(lab)))
