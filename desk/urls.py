"""Mounted at /sportello/ inside i18n_patterns."""

from django.urls import path

from . import (
    appointment_views,
    call_views,
    contact_views,
    deletion_views,
    online_views,
    receipt_views,
    views,
)

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
    path("persone/<int:pk>/elimina/", deletion_views.resident_delete, name="resident_delete"),
    path("sessione/termina/", views.session_end, name="session_end"),
    path("chiamate/", call_views.call_list, name="calls"),
    path("chiamate/<int:pk>/", call_views.call_mark, name="call_mark"),
    path("sessioni/<int:pk>/ricevuta/", receipt_views.receipt, name="receipt"),
    path(
        "persone/<int:pk>/codice-attivazione/",
        online_views.activation_print,
        name="activation_print",
    ),
    path("persone/<int:pk>/account-online/", online_views.report_online, name="report_online"),
    # Public: the person types the code the desk printed.
    path("attiva/", online_views.activate, name="activate"),
    path("attiva/fatto/", online_views.activated, name="activated"),
    path("conflitti/", online_views.conflicts, name="conflicts"),
    path("conflitti/<int:pk>/", online_views.conflict, name="conflict"),
    path("conflitti/<int:pk>/unisci/", online_views.conflict_merge, name="conflict_merge"),
    path("conflitti/<int:pk>/archivia/", online_views.conflict_dismiss, name="conflict_dismiss"),
    path("contatti/", contact_views.contact_list, name="contacts"),
    path("contatti/nuovo/", contact_views.contact_new, name="contact_new"),
    path("contatti/<int:pk>/elimina/", contact_views.contact_delete, name="contact_delete"),
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
