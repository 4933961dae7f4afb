from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wemi_community.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self):
        from wemi_community.kinds import declare

        from . import kinds, registry
        from .models import Comment
        from .sanitize import plain_text

        def comment_target_entry(comment):
            return registry.participatory(comment.target_type.model_class())

        def comment_url(comment):
            entry = comment_target_entry(comment)
            base = entry.url_of(comment.target) if entry is not None else ""
            return f"{base}#comment-{comment.pk}"

        def comment_can_view(user, comment):
            entry = comment_target_entry(comment)
            return entry is not None and bool(entry.can_view(user, comment.target))

        def comment_space(comment):
            entry = comment_target_entry(comment)
            return entry.space_of(comment.target) if entry is not None else None

        registry.register_content(
            Comment,
            author_of=lambda comment: comment.author,
            space_of=comment_space,
            excerpt_of=lambda comment: plain_text(comment.body_html)[:200],
            can_view=comment_can_view,
            url_of=comment_url,
        )

        declare(kinds)
