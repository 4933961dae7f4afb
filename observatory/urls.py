app_name = "observatory"
urlpatterns: list = []

# --- Accountability and monthly reports (accountability_views) ------------------------------
from django.urls import path  # noqa: E402

from . import accountability_views  # noqa: E402

urlpatterns += [
    path("rendiconto/", accountability_views.index, name="account"),
    path(
        "rendiconto/municipio/<int:number>/",
        accountability_views.municipio_detail,
        name="account_municipio",
    ),
    path(
        "rendiconto/spazio/<int:space_id>/",
        accountability_views.space_detail,
        name="account_space",
    ),
    path(
        "rendiconto/municipio/<int:number>/report/",
        accountability_views.report_archive,
        name="report_archive",
    ),
    path(
        "rendiconto/municipio/<int:number>/report/<str:month>/",
        accountability_views.report_detail,
        name="report_detail",
    ),
    path(
        "rendiconto/municipio/<int:number>/report/<str:month>/pdf/",
        accountability_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "rendiconto/municipio/<int:number>/report/<str:month>/rigenera/",
        accountability_views.report_regenerate,
        name="report_regenerate",
    ),
]
# --- end of accountability ------------------------------------------------------------------
