"""Proposals at /proposte/. Offers and shared services live under the same path, in their own
app (``shared_services/urls.py``)."""

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("nuova/", views.proposal_new, name="new"),
    path("mie/", views.my_proposals, name="mine"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    # The wizard: one step of a draft at a time (servizio, descrizione, dettagli, simili).
    path("<int:pk>/bozza/<slug:step>/", views.proposal_draft_step, name="draft_step"),
    path("<int:pk>/elimina-bozza/", views.proposal_draft_delete, name="draft_delete"),
    path("<int:pk>/modifica/", views.proposal_edit, name="edit"),
    path("<int:pk>/ci-sto/", views.proposal_join, name="join"),
    path("<int:pk>/lascia/", views.proposal_leave, name="leave"),
    path("<int:pk>/ritira/", views.proposal_withdraw, name="withdraw"),
    path("<int:pk>/risposta/", views.proposal_answer, name="answer"),
]
