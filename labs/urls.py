"""Listening-action labs at /laboratori/."""

from django.urls import path

from . import codesign_views, run_views, summary_views, views, wall_views

app_name = "labs"

urlpatterns = [
    path("", views.lab_list, name="list"),
    path("nuovo/", views.lab_create, name="create"),
    path("richiedi/", views.lab_request, name="request"),
    path("invito/<str:token>/", views.lab_invite, name="invite"),
    path("<id:pk>/", views.lab_detail, name="detail"),
    path("<id:pk>/collega/", views.lab_claim, name="claim"),
    path("<id:pk>/partecipanti/", views.lab_members, name="members"),
    # Running the lab.
    path("<id:pk>/modifica/", run_views.lab_edit, name="edit"),
    path("<id:pk>/fase/", run_views.lab_advance, name="advance"),
    path("<id:pk>/richiesta/", run_views.lab_decide, name="decide"),
    path("<id:pk>/invito/rigenera/", run_views.invite_regenerate, name="invite_regenerate"),
    path("<id:pk>/facilitatori/", run_views.lab_facilitators, name="facilitators"),
    path(
        "<id:pk>/facilitatori/<id:user_pk>/rimuovi/",
        run_views.facilitator_remove,
        name="facilitator_remove",
    ),
    # The wall.
    path("<id:pk>/bisogni/", wall_views.need_post, name="need_post"),
    path("<id:pk>/bisogni/nuovi/", wall_views.need_since, name="need_since"),
    path("<id:pk>/bisogni/<id:need_pk>/anche-io/", wall_views.need_me_too, name="me_too"),
    path("<id:pk>/proiezione/", wall_views.lab_projector, name="projector"),
    path("<id:pk>/locandina/", wall_views.lab_poster, name="poster"),
    # Themes, drafts, polls, evaluation.
    path("<id:pk>/temi/", codesign_views.lab_themes, name="themes"),
    path("<id:pk>/temi/<id:theme_pk>/bozza/", codesign_views.draft_create, name="draft_create"),
    path("<id:pk>/bozze/<id:proposal_pk>/", codesign_views.lab_draft, name="draft"),
    path(
        "<id:pk>/bozze/<id:proposal_pk>/pubblica/",
        codesign_views.draft_publish,
        name="draft_publish",
    ),
    path(
        "<id:pk>/bozze/<id:proposal_pk>/scarta/",
        codesign_views.draft_discard,
        name="draft_discard",
    ),
    path(
        "<id:pk>/bozze/<id:proposal_pk>/sondaggi/",
        codesign_views.poll_create,
        name="poll_create",
    ),
    path("<id:pk>/sondaggi/<id:poll_pk>/vota/", codesign_views.poll_vote, name="poll_vote"),
    path("<id:pk>/sondaggi/<id:poll_pk>/chiudi/", codesign_views.poll_close, name="poll_close"),
    path("<id:pk>/valutazione/", codesign_views.lab_evaluate, name="evaluate"),
    # The summary.
    path("<id:pk>/sintesi/", summary_views.lab_summary, name="summary"),
    path("<id:pk>/sintesi.csv", summary_views.lab_summary_csv, name="summary_csv"),
]
