"""Volunteering at /volontariato/."""

from django.urls import path

from . import manage_views, views

app_name = "volunteering"

urlpatterns = [
    path("", views.opportunity_list, name="list"),
    path("profilo/", views.profile, name="profile"),
    path("mie/", views.mine, name="mine"),
    path("mie/ore/", views.hours_log, name="hours_log"),
    path("mie/attestato.pdf", views.certificate, name="certificate"),
    path("inviti/<id:pk>/", views.invitation_answer, name="invitation_answer"),
    path("opportunita/nuova/", manage_views.opportunity_create, name="opportunity_create"),
    path("opportunita/<id:pk>/", views.opportunity_detail, name="opportunity"),
    path("opportunita/<id:pk>/modifica/", manage_views.opportunity_edit, name="opportunity_edit"),
    path("opportunita/<id:pk>/turni/", manage_views.shift_add, name="shift_add"),
    path("turni/<id:pk>/iscriviti/", views.signup, name="signup"),
    path("turni/<id:pk>/annulla/", views.signup_cancel, name="signup_cancel"),
    path("turni/<id:pk>/", manage_views.roster, name="roster"),
    path("turni/<id:pk>/annulla-turno/", manage_views.shift_cancel, name="shift_cancel"),
    path("turni/<id:pk>/invita/", manage_views.invite, name="invite"),
    path("turni/<id:pk>/presenze/<id:signup_pk>/", manage_views.attendance, name="attendance"),
    path("volontari/<id:user_id>/", manage_views.volunteer_profile, name="volunteer"),
    path("ore/", manage_views.hours_review, name="hours_review"),
    path("ore/<id:pk>/", manage_views.hours_decide, name="hours_decide"),
    path("ore/report/", manage_views.report, name="report"),
    path("ore/ore.csv", manage_views.hours_export, name="hours_export"),
    path("offerte/", views.offer_list, name="offers"),
    path("offerte/nuova/", views.offer_new, name="offer_new"),
    path("offerte/<id:pk>/", manage_views.offer_detail, name="offer"),
    path("offerte/<id:pk>/ritira/", views.offer_withdraw, name="offer_withdraw"),
    path("offerte/<id:pk>/accogli/", manage_views.offer_take_up, name="offer_take_up"),
]
