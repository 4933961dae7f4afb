"""Mounted at /sportello/ inside i18n_patterns."""

from django.urls import path

from . import appointment_views, views

app_name = "desk"

urlpatterns = [
    path("", views.home, name="home"),
    path("cerca/", views.find, name="find"),
    path("registra/", views.register, name="register"),
    path("persone/<int:pk>/", views.resident, name="resident"),
    path("persone/<int:pk>/modifica/", views.resident_edit, name="resident_edit"),
    path("persone/<int:pk>/consenso/", views.consent_print, name="consent_print"),
    path("persone/<int:pk>/consenso/firmato/", views.consent_signed, name="consent_signed"),
    path("persone/<int:pk>/sessione/", views.session_start, name="session_start"),
    path("sessione/termina/", views.session_end, name="session_end"),
    path("appuntamenti/", appointment_views.manage, name="appointments"),
    path("appuntamenti/miei/", appointment_views.mine, name="appointments_mine"),
    path("appuntamenti/<int:space_pk>/", appointment_views.book, name="appointments_book"),
    path(
        "appuntamenti/prenotazioni/<int:pk>/annulla/",
        appointment_views.cancel,
        name="appointments_cancel",
    ),
    path("oggi/", appointment_views.today, name="today"),
]
