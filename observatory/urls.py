from django.urls import path

from . import views

app_name = "observatory"
urlpatterns = [
    path("", views.observatory_index, name="index"),
    path("confini.geojson", views.observatory_boundaries, name="boundaries"),
    path("csv/<slug:table>.csv", views.observatory_csv, name="csv"),
]
