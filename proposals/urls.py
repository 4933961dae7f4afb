"""Proposals at /proposte/. Offers and shared services live under the same path, in their own
app (``shared_services/urls.py``)."""

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("nuova/", views.proposal_new, name="new"),
    path("mie/", views.my_proposals, name="mine"),
    path("<id:pk>/", views.proposal_detail, name="detail"),
    # The wizard: one step of a draft at a time (servizio, descrizione, dettagli, simili).
    path("<id:pk>/bozza/<slug:step>/", views.proposal_draft_step, name="draft_step"),
    path("<id:pk>/elimina-bozza/", views.proposal_draft_delete, name="draft_delete"),
    path("<id:pk>/modifica/", views.proposal_edit, name="edit"),
    path("<id:pk>/ci-sto/", views.proposal_join, name="join"),
    path("<id:pk>/lascia/", views.proposal_leave, name="leave"),
    path("<id:pk>/ritira/", views.proposal_withdraw, name="withdraw"),
    path("<id:pk>/risposta/", views.proposal_answer, name="answer"),
]
