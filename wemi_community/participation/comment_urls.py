from django.urls import path

from . import comment_views

urlpatterns = [
    path(
        "commenti/<int:content_type_id>/<int:object_id>/",
        comment_views.comments,
        name="comments",
    ),
    path(
        "commenti/<int:content_type_id>/<int:object_id>/nuovo/",
        comment_views.comment_create,
        name="comment_post",
    ),
    path("commento/<int:pk>/modifica/", comment_views.comment_update, name="comment_edit"),
    path("commento/<int:pk>/elimina/", comment_views.comment_remove, name="comment_delete"),
    path("seguiti/", comment_views.following, name="following"),
    path(
        "segui/<int:content_type_id>/<int:object_id>/",
        comment_views.follow_toggle,
        name="follow",
    ),
]
