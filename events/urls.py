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
    path("spazio/<int:space_id>.ics", feed_views.space_feed, name="space_feed"),
    path("nuovo/", manage_views.event_create, name="create"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/posti/", views.event_seats, name="seats"),
    path("<int:pk>/evento.ics", feed_views.event_feed, name="event_feed"),
    path("<int:pk>/iscriviti/", views.register, name="register"),
    path("<int:pk>/annulla-iscrizione/", views.registration_cancel, name="registration_cancel"),
    path("<int:pk>/modifica/", manage_views.event_edit, name="edit"),
    path("<int:pk>/annulla/", manage_views.event_cancel, name="cancel"),
    path("<int:pk>/iscritti/", manage_views.registrations, name="registrations"),
    path("<int:pk>/iscritti.csv", manage_views.registrations_csv, name="registrations_csv"),
    path("<int:pk>/accoglienza/", manage_views.check_in, name="check_in"),
    path(
        "<int:pk>/accoglienza/<int:registration_pk>/annulla/",
        manage_views.check_in_undo,
        name="check_in_undo",
    ),
    path("corsi/nuovo/", course_views.course_create, name="course_create"),
    path("corsi/<int:pk>/", course_views.course_detail, name="course"),
    path("corsi/<int:pk>/iscriviti/", course_views.enroll, name="enroll"),
    path(
        "corsi/<int:pk>/annulla-iscrizione/",
        course_views.enrollment_cancel,
        name="enrollment_cancel",
    ),
    path("corsi/<int:pk>/presenze/", course_views.attendance, name="attendance"),
    path(
        "corsi/<int:pk>/sessioni/<int:session_pk>/presenze/",
        course_views.session_attendance,
        name="session_attendance",
    ),
    path("corsi/<int:pk>/sessioni/nuova/", course_views.session_add, name="session_add"),
    path("corsi/<int:pk>/attestato.pdf", course_views.certificate, name="certificate"),
]
