from django.urls import path

from . import report_views

urlpatterns = [
    path(
        "segnala/<int:content_type_id>/<int:object_id>/",
        report_views.report,
        name="report",
    ),
]
