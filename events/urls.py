"""Events and courses at /eventi/."""

from django.urls import path

from . import course_views, feed_views, manage_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("calendario/", views.event_calendar, name="calendar"),
    path("mie/", views.my_events, name="mine"),
    path("mie/calendario/rigenera/", feed_views.token_reset, name="token_reset"),
    path("calendario/<str:token>.ics", feed_views.person_feed, name="person_feed"),
    path("spazio/<id:space_id>.ics", feed_views.space_feed, name="space_feed"),
    path("nuovo/", manage_views.event_create, name="create"),
    path("<id:pk>/", views.event_detail, name="detail"),
    path("<id:pk>/posti/", views.event_seats, name="seats"),
    path("<id:pk>/evento.ics", feed_views.event_feed, name="event_feed"),
    path("<id:pk>/iscriviti/", views.register, name="register"),
    path("<id:pk>/annulla-iscrizione/", views.registration_cancel, name="registration_cancel"),
    path("<id:pk>/modifica/", manage_views.event_edit, name="edit"),
    path("<id:pk>/annulla/", manage_views.event_cancel, name="cancel"),
    path("<id:pk>/iscritti/", manage_views.registrations, name="registrations"),
    path("<id:pk>/iscritti.csv", manage_views.registrations_csv, name="registrations_csv"),
    path("<id:pk>/accoglienza/", manage_views.check_in, name="check_in"),
    path(
        "<id:pk>/accoglienza/<id:registration_pk>/annulla/",
        manage_views.check_in_undo,
        name="check_in_undo",
    ),
    path("corsi/nuovo/", course_views.course_create, name="course_create"),
    path("corsi/<id:pk>/", course_views.course_detail, name="course"),
    path("corsi/<id:pk>/iscriviti/", course_views.enroll, name="enroll"),
    path(
        "corsi/<id:pk>/annulla-iscrizione/",
        course_views.enrollment_cancel,
        name="enrollment_cancel",
    ),
    path("corsi/<id:pk>/presenze/", course_views.attendance, name="attendance"),
    path(
        "corsi/<id:pk>/sessioni/<id:session_pk>/presenze/",
        course_views.session_attendance,
        name="session_attendance",
    ),
    path("corsi/<id:pk>/sessioni/nuova/", course_views.session_add, name="session_add"),
    path("corsi/<id:pk>/attestato.pdf", course_views.certificate, name="certificate"),
]
