"""What the spaces record in the audit trail."""

from django.utils.translation import gettext_lazy as _

from wemi_community.core.kinds import Action

# Audit actions

SPACES_STAFF_GROUPS_CREATED = Action("spaces.staff_groups_created", _("Space staff groups created"))
