"""The public verification of certificates: /verifica/ asks for a code, /verifica/<code>/
says whether a certificate with that code exists and what it certifies."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from wemi_community.core.ratelimits import rate_limit

from . import wording
from .models import Certificate
from .services import normalise_code


@require_GET
def verify_form(request):
    code = request.GET.get("codice", "")
    if code.strip():
        return redirect("certificates:verify", code=normalise_code(code) or "-")
    return render(request, "certificates/verify_form.html", {})


@require_GET
@rate_limit("certificate_check", methods=("GET",))
def verify(request, code: str):
    normalised = normalise_code(code)
    if normalised != code:
        return redirect("certificates:verify", code=normalised or "-")
    certificate = Certificate.objects.filter(code=normalised).first()
    if certificate is None:
        return render(request, "certificates/verify_unknown.html", {"code": code[:30]}, status=404)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "title": wording.title(certificate),
            "statement": wording.statement(certificate),
        },
    )
