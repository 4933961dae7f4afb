from django.urls import path

from . import report_views

urlpatterns = [
    path(
        "segnala/<id:content_type_id>/<id:object_id>/",
        report_views.report,
        name="report",
    ),
]
