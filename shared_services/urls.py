"""Offers and shared services, under /proposte/ as they were when they were part of the
proposals: the paths stay, the names are in the ``shared_services`` namespace."""

from django.urls import path

from . import views

app_name = "shared_services"

urlpatterns = [
    path("<id:pk>/offerte/nuova/", views.offer_new, name="offer_new"),
    path("offerte/<id:pk>/ritira/", views.offer_withdraw, name="offer_withdraw"),
    path("offerte/<id:pk>/scegli/", views.offer_choose, name="offer_choose"),
    path("servizi/<id:pk>/", views.service_detail, name="service"),
    path("servizi/<id:pk>/conferma/", views.seat_confirm, name="seat_confirm"),
    path("servizi/<id:pk>/rinuncia/", views.seat_decline, name="seat_decline"),
    path("servizi/<id:pk>/lascia/", views.service_leave, name="service_leave"),
    path("servizi/<id:pk>/isee/", views.isee_declare, name="isee_declare"),
    path("servizi/<id:pk>/compartecipazione/", views.copayment_edit, name="copayment"),
    path("servizi/<id:pk>/avvia/", views.service_start, name="service_start"),
    path("servizi/<id:pk>/chiudi/", views.service_end, name="service_end"),
    path("servizi/<id:pk>/registro/", views.delivery_new, name="delivery_new"),
    path("servizi/registro/<id:pk>/verifica/", views.delivery_check, name="delivery_check"),
    path("servizi/<id:pk>/valuta/", views.service_rate, name="service_rate"),
    path("ente/", views.provider_dashboard, name="provider_dashboard"),
]
