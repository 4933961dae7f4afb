"""The accountability pages at /osservatorio/rendiconto/: what the network delivered this
month and this year, for the city (the 9 Municipi and the spaces), a Municipio, a space.
Public with small counts hidden; city staff, and a space's coordinators on its page, see
the figures whole. Each page is a fixed number of queries."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cms_templates import i18n
from spaces_pages.models import SpacePage
from wemi_community.catalogue.models import Municipio
from wemi_community.evidence.selectors import parse_month

from . import accountability, permissions, reports
from .models import MonthlyReport
from .report_pdf import render_pdf as report_pdf_render

PERIODS = ("mese", "anno")


def municipio_or_404(number: int) -> Municipio:
    try:
        return Municipio.objects.get(number=number)
    except Municipio.DoesNotExist:
        raise Http404 from None


def _spaces():
    """Every live space once (its page in the default language, where the facts point)."""
    return (
        i18n.in_default_language(SpacePage.objects.live())
        .select_related("municipio")
        .order_by("municipio__number", "title")
    )


def _lines(cells: list[dict]) -> list[dict]:
    return [
        {"line": accountability.LINES[c["key"]], "cell": c, "text": accountability.cell_text(c)}
        for c in cells
    ]


def _account_rows(account: dict) -> list[dict]:
    return [
        {
            "line": accountability.LINES[month["key"]],
            "month": month,
            "month_text": accountability.cell_text(month),
            "year": year,
            "year_text": accountability.cell_text(year),
        }
        for month, year in zip(account["month"], account["year"], strict=True)
    ]


@require_GET
def index(request):
    periods = accountability.Periods.of()
    period = request.GET.get("periodo")
    period = period if period in PERIODS else "mese"
    first = periods.this_month if period == "mese" else periods.first_of_year
    full = permissions.can_see_full_figures(request.user)
    municipi = list(Municipio.objects.order_by("number").only("id", "number", "name"))
    spaces = list(_spaces())
    by_municipio = accountability.table(
        "municipio_id",
        [m.pk for m in municipi],
        first_month=first,
        last_month=periods.this_month,
        full=full,
    )
    by_space = accountability.table(
        "space_id",
        [s.pk for s in spaces],
        first_month=first,
        last_month=periods.this_month,
        full=full,
    )
    return render(
        request,
        "observatory/accountability/index.html",
        {
            "periods": periods,
            "period": period,
            "full": full,
            "min_cell": settings.OBSERVATORY_MIN_CELL,
            "columns": accountability.labels(accountability.COLUMNS),
            "municipi": [(m, _lines(by_municipio[m.pk])) for m in municipi],
            "spaces": [(s, _lines(by_space[s.pk])) for s in spaces],
        },
    )


@require_GET
def municipio_detail(request, number: int):
    municipio = municipio_or_404(number)
    full = permissions.can_see_full_figures(request.user)
    account = accountability.account(full=full, municipio_id=municipio.pk)
    spaces = list(_spaces().filter(municipio=municipio))
    return render(
        request,
        "observatory/accountability/municipio.html",
        {
            "municipio": municipio,
            "periods": account["periods"],
            "full": full,
            "min_cell": settings.OBSERVATORY_MIN_CELL,
            "rows": _account_rows(account),
            "spaces": spaces,
            "reports": MonthlyReport.objects.filter(municipio=municipio)
            .order_by("-month")
            .only("id", "month", "municipio_id")[:3],
        },
    )


@require_GET
def space_detail(request, space_id: int):
    space = _spaces().filter(pk=space_id).first()
    if space is None:
        raise Http404
    full = permissions.can_see_full_figures_of_space(request.user, space)
    account = accountability.account(full=full, space_id=space.pk)
    return render(
        request,
        "observatory/accountability/space.html",
        {
            "space": space,
            "space_url": i18n.localized_url(space, request),
            "periods": account["periods"],
            "full": full,
            "min_cell": settings.OBSERVATORY_MIN_CELL,
            "rows": _account_rows(account),
        },
    )


def _report_or_404(number: int, month: str) -> MonthlyReport:
    municipio = municipio_or_404(number)
    day = parse_month(month)
    report = (
        MonthlyReport.objects.filter(municipio=municipio, month=day).select_related("municipio")
        if day
        else None
    )
    report = report.defer("pdf").first() if report is not None else None
    if report is None:
        raise Http404
    return report


@require_GET
def report_archive(request, number: int):
    municipio = municipio_or_404(number)
    reports_page = Paginator(
        MonthlyReport.objects.filter(municipio=municipio).order_by("-month").only("id", "month"),
        24,
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "observatory/reports/archive.html",
        {
            "municipio": municipio,
            "page_obj": reports_page,
            "can_regenerate": permissions.can_regenerate_report(request.user),
        },
    )


@require_GET
def report_detail(request, number: int, month: str):
    report = _report_or_404(number, month)
    return render(
        request,
        "observatory/reports/detail.html",
        {
            "report": report,
            "municipio": report.municipio,
            "shown": reports.rows(report.figures),
            "can_regenerate": permissions.can_regenerate_report(request.user),
        },
    )


@require_GET
def report_pdf(request, number: int, month: str):
    report = _report_or_404(number, month)
    if translation.get_language() == settings.LANGUAGE_CODE:
        content = bytes(MonthlyReport.objects.values_list("pdf", flat=True).get(pk=report.pk))
    else:
        # The archived PDF is Italian; another language's reader gets it printed in theirs.
        content = report_pdf_render(report.figures)
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"rendiconto-municipio-{report.municipio.number}-{report.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def report_regenerate(request, number: int, month: str):
    if not permissions.can_regenerate_report(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    report = _report_or_404(number, month)
    reports.monthly_report_make(municipio=report.municipio, month=report.month, replace=True)
    messages.success(request, _("The report was made again from the current figures."))
    return redirect("observatory:report_detail", number=number, month=month)
