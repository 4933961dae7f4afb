"""The pages of "download my data" under /account/i-miei-dati/: ask for a copy, see the
copies and their state, download a ready one. Only the person, signed in: another
person's copy is a 404, an expired one a 410. Refused during a desk's assisted session
(``desk.middleware``)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wemi_community.core.errors import StateConflict

from . import data_rights
from .models import DataExport


def _page(request, *, status: int = 200):
    exports = DataExport.objects.filter(user=request.user).order_by("-requested_at", "-pk")[:20]
    return render(
        request,
        "accounts/data_export.html",
        {
            "exports": exports,
            "pending": any(e.status == DataExport.Status.PENDING for e in exports),
            "days": settings.DATA_EXPORT_DAYS,
        },
        status=status,
    )


@never_cache
@login_required
def data_export(request):
    if request.method == "POST":
        try:
            data_rights.data_export_request(user=request.user)
        except StateConflict as error:
            messages.error(request, str(error))
            return _page(request, status=409)
        messages.success(
            request,
            _(
                "We are preparing a copy of your data. You will receive a notification "
                "when it is ready to download."
            ),
        )
        return HttpResponseRedirect(reverse("accounts:data_export"))
    return _page(request)


@never_cache
@login_required
def data_export_download(request, pk: int):
    export = DataExport.objects.filter(pk=pk, user=request.user).first()
    if export is None:
        raise Http404
    if data_rights.is_expired(export):
        return render(request, "accounts/data_export_gone.html", {"export": export}, status=410)
    if export.status != DataExport.Status.READY or not export.file:
        if export.status == DataExport.Status.PENDING:
            messages.info(request, _("This copy of your data is still being prepared."))
        else:
            messages.error(
                request, _("This copy of your data could not be prepared: please ask again.")
            )
        return HttpResponseRedirect(reverse("accounts:data_export"))
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=data_rights.download_name(export),
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response
