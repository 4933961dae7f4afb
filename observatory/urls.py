from django.urls import path

from . import accountability_views, views

app_name = "observatory"
urlpatterns = [
    path("", views.observatory_index, name="index"),
    path("confini.geojson", views.observatory_boundaries, name="boundaries"),
    path("csv/<slug:table>.csv", views.observatory_csv, name="csv"),
    # Accountability: what the network delivered, and the monthly reports per Municipio.
    path("rendiconto/", accountability_views.index, name="account"),
    path(
        "rendiconto/municipio/<id:number>/",
        accountability_views.municipio_detail,
        name="account_municipio",
    ),
    path(
        "rendiconto/spazio/<id:space_id>/",
        accountability_views.space_detail,
        name="account_space",
    ),
    path(
        "rendiconto/municipio/<id:number>/report/",
        accountability_views.report_archive,
        name="report_archive",
    ),
    path(
        "rendiconto/municipio/<id:number>/report/<str:month>/",
        accountability_views.report_detail,
        name="report_detail",
    ),
    path(
        "rendiconto/municipio/<id:number>/report/<str:month>/pdf/",
        accountability_views.report_pdf,
        name="report_pdf",
    ),
    path(
        "rendiconto/municipio/<id:number>/report/<str:month>/rigenera/",
        accountability_views.report_regenerate,
        name="report_regenerate",
    ),
]
