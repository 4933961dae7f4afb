from django.urls import path

from . import open_data_views as views

app_name = "open_data"
urlpatterns = [
    path("", views.index, name="index"),
    # Before the datasets' pattern, which would read these names as datasets.
    path("dati-aperti.zip", views.archive, name="archive"),
    path("README.md", views.readme, name="readme"),
    path("catalogo.<str:syntax>", views.catalogue, name="catalogue"),
    path("<slug:slug>.<str:fmt>", views.dataset_file, name="file"),
]
