from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "wemi_community.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self):
        # Imported here: these modules load models, which the app registry allows only now.
        from wemi_community.core.kinds import declare
        from wemi_community.core.sanitize import plain_text
        from wemi_community.notifications import targets

        from . import kinds, registry
        from .models import Comment

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

        def participatory_url(target):
            entry = registry.participatory(target) or registry.content(target)
            return entry.url_of(target) if entry is not None else None

        # A notification about a participatory object or a piece of content leads to its page.
        targets.register_url_resolver(participatory_url)

        registry.register_content(
            Comment,
            author_of=lambda comment: comment.author,
            space_of=comment_space,
            excerpt_of=lambda comment: plain_text(comment.body_html)[:200],
            can_view=comment_can_view,
            url_of=comment_url,
        )

        declare(kinds)
