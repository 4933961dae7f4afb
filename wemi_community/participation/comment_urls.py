from django.urls import path

from . import comment_views

urlpatterns = [
    path(
        "commenti/<id:content_type_id>/<id:object_id>/",
        comment_views.comments,
        name="comments",
    ),
    path(
        "commenti/<id:content_type_id>/<id:object_id>/nuovo/",
        comment_views.comment_create,
        name="comment_post",
    ),
    path("commento/<id:pk>/modifica/", comment_views.comment_update, name="comment_edit"),
    path("commento/<id:pk>/elimina/", comment_views.comment_remove, name="comment_delete"),
    path("seguiti/", comment_views.following, name="following"),
    path(
        "segui/<id:content_type_id>/<id:object_id>/",
        comment_views.follow_toggle,
        name="follow",
    ),
]
