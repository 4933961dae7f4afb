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
    path("persone/<id:pk>/", views.resident, name="resident"),
    path("persone/<id:pk>/modifica/", views.resident_edit, name="resident_edit"),
    path("persone/<id:pk>/consenso/", views.consent_print, name="consent_print"),
    path("persone/<id:pk>/consenso/firmato/", views.consent_signed, name="consent_signed"),
    path("persone/<id:pk>/sessione/", views.session_start, name="session_start"),
    path("persone/<id:pk>/elimina/", deletion_views.resident_delete, name="resident_delete"),
    path("sessione/termina/", views.session_end, name="session_end"),
    path("chiamate/", call_views.call_list, name="calls"),
    path("chiamate/<id:pk>/", call_views.call_mark, name="call_mark"),
    path("sessioni/<id:pk>/ricevuta/", receipt_views.receipt, name="receipt"),
    path(
        "persone/<id:pk>/codice-attivazione/",
        online_views.activation_print,
        name="activation_print",
    ),
    path("persone/<id:pk>/account-online/", online_views.report_online, name="report_online"),
    # Public: the person types the code the desk printed.
    path("attiva/", online_views.activate, name="activate"),
    path("attiva/fatto/", online_views.activated, name="activated"),
    path("conflitti/", online_views.conflicts, name="conflicts"),
    path("conflitti/<id:pk>/", online_views.conflict, name="conflict"),
    path("conflitti/<id:pk>/unisci/", online_views.conflict_merge, name="conflict_merge"),
    path("conflitti/<id:pk>/archivia/", online_views.conflict_dismiss, name="conflict_dismiss"),
    path("contatti/", contact_views.contact_list, name="contacts"),
    path("contatti/nuovo/", contact_views.contact_new, name="contact_new"),
    path("contatti/<id:pk>/elimina/", contact_views.contact_delete, name="contact_delete"),
    path("appuntamenti/", appointment_views.manage, name="appointments"),
    path("appuntamenti/miei/", appointment_views.mine, name="appointments_mine"),
    path("appuntamenti/<id:space_pk>/", appointment_views.book, name="appointments_book"),
    path(
        "appuntamenti/prenotazioni/<id:pk>/annulla/",
        appointment_views.cancel,
        name="appointments_cancel",
    ),
    path("oggi/", appointment_views.today, name="today"),
]
