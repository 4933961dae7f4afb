"""Listening-action labs at /laboratori/."""

from django.urls import path

from . import codesign_views, run_views, summary_views, views, wall_views

app_name = "labs"

urlpatterns = [
    path("", views.lab_list, name="list"),
    path("nuovo/", views.lab_create, name="create"),
    path("richiedi/", views.lab_request, name="request"),
    path("invito/<str:token>/", views.lab_invite, name="invite"),
    path("<int:pk>/", views.lab_detail, name="detail"),
    path("<int:pk>/collega/", views.lab_claim, name="claim"),
    path("<int:pk>/partecipanti/", views.lab_members, name="members"),
    # Running the lab.
    path("<int:pk>/modifica/", run_views.lab_edit, name="edit"),
    path("<int:pk>/fase/", run_views.lab_advance, name="advance"),
    path("<int:pk>/richiesta/", run_views.lab_decide, name="decide"),
    path("<int:pk>/invito/rigenera/", run_views.invite_regenerate, name="invite_regenerate"),
    path("<int:pk>/facilitatori/", run_views.lab_facilitators, name="facilitators"),
    path(
        "<int:pk>/facilitatori/<int:user_pk>/rimuovi/",
        run_views.facilitator_remove,
        name="facilitator_remove",
    ),
    # The wall.
    path("<int:pk>/bisogni/", wall_views.need_post, name="need_post"),
    path("<int:pk>/bisogni/nuovi/", wall_views.need_since, name="need_since"),
    path("<int:pk>/bisogni/<int:need_pk>/anche-io/", wall_views.need_me_too, name="me_too"),
    path("<int:pk>/proiezione/", wall_views.lab_projector, name="projector"),
    path("<int:pk>/locandina/", wall_views.lab_poster, name="poster"),
    # Themes, drafts, polls, evaluation.
    path("<int:pk>/temi/", codesign_views.lab_themes, name="themes"),
    path("<int:pk>/temi/<int:theme_pk>/bozza/", codesign_views.draft_create, name="draft_create"),
    path("<int:pk>/bozze/<int:proposal_pk>/", codesign_views.lab_draft, name="draft"),
    path(
        "<int:pk>/bozze/<int:proposal_pk>/pubblica/",
        codesign_views.draft_publish,
        name="draft_publish",
    ),
    path(
        "<int:pk>/bozze/<int:proposal_pk>/scarta/",
        codesign_views.draft_discard,
        name="draft_discard",
    ),
    path(
        "<int:pk>/bozze/<int:proposal_pk>/sondaggi/",
        codesign_views.poll_create,
        name="poll_create",
    ),
    path("<int:pk>/sondaggi/<int:poll_pk>/vota/", codesign_views.poll_vote, name="poll_vote"),
    path("<int:pk>/sondaggi/<int:poll_pk>/chiudi/", codesign_views.poll_close, name="poll_close"),
    path("<int:pk>/valutazione/", codesign_views.lab_evaluate, name="evaluate"),
    # The summary.
    path("<int:pk>/sintesi/", summary_views.lab_summary, name="summary"),
    path("<int:pk>/sintesi.csv", summary_views.lab_summary_csv, name="summary_csv"),
]
