"""Writes of the Spazi WeMi: the groups of the people who run each space."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ManyToOneRel
from guardian.shortcuts import assign_perm
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page
from wagtail_localize.fields import SynchronizedField, get_translatable_fields
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree

from cms_templates import i18n
from wemi_community.core.audit import audit_log

from . import kinds
from .models import SpacePage, SpaceStaffGroup
from .permissions import COORDINATE_SPACE, OPERATE_DESK

# Group names are content the city's staff read in the admin: Italian, like the pages.
GROUP_PREFIXES = {
    SpaceStaffGroup.Role.COORDINATION: "Coordinamento",
    SpaceStaffGroup.Role.DESK: "Sportello",
}
# Coordinators edit and publish their page; nothing else of the tree.
COORDINATOR_PAGE_PERMISSIONS = ("change_page", "publish_page")
# ... and may upload images for it and pick existing ones.
COORDINATOR_IMAGE_PERMISSIONS = ("add_image", "choose_image")
GROUP_NAME_MAX = Group._meta.get_field("name").max_length


@dataclass(frozen=True)
class SpaceGroups:
    coordination: Group
    desk: Group
    created: bool


def _group_name(space: SpacePage, role: str) -> str:
    name = f"{GROUP_PREFIXES[role]} · {space.title}"[:GROUP_NAME_MAX]
    # Two spaces may share a title: the second gets its id to keep names unique.
    clash = Group.objects.filter(name=name).exclude(space_staff__space=space).exists()
    if clash:
        suffix = f" ({space.pk})"
        name = name[: GROUP_NAME_MAX - len(suffix)] + suffix
    return name


def _ensure_group(space: SpacePage, role: str) -> tuple[Group, bool]:
    link = SpaceStaffGroup.objects.select_related("group").filter(space=space, role=role).first()
    name = _group_name(space, role)
    if link is None:
        group, created = Group.objects.get_or_create(name=name)
        SpaceStaffGroup.objects.create(space=space, role=role, group=group)
        return group, created
    group = link.group
    if group.name != name:  # the space was renamed
        group.name = name
        group.save(update_fields=["name"])
    return group, False


def _page_permissions() -> list[Permission]:
    page_type = ContentType.objects.get_for_model(Page)
    return list(
        Permission.objects.filter(content_type=page_type, codename__in=COORDINATOR_PAGE_PERMISSIONS)
    )


@transaction.atomic
def space_groups_ensure(*, space: SpacePage, actor=None) -> SpaceGroups:
    """Creates, if missing, the space's "Coordinamento" and "Sportello" groups and gives them
    their powers on this space only. Idempotent: runs on every publish and on every seed.
    City staff then assign people by ticking the group on the person's page in the admin."""

    # The groups belong to the space, whose page in the default language the modules point
    # at; its translations share its powers.
    space = i18n.source(space)
    coordination, created_c = _ensure_group(space, SpaceStaffGroup.Role.COORDINATION)
    desk, created_d = _ensure_group(space, SpaceStaffGroup.Role.DESK)

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for group in (coordination, desk):
        group.permissions.add(access_admin)
    for permission in _page_permissions():
        for page in SpacePage.objects.filter(translation_key=space.translation_key):
            GroupPagePermission.objects.get_or_create(
                group=coordination, page=page, permission=permission
            )
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=COORDINATOR_IMAGE_PERMISSIONS
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=coordination, collection=root_collection, permission=permission
            )
    assign_perm(COORDINATE_SPACE, coordination, space)
    assign_perm(OPERATE_DESK, desk, space)

    created = created_c or created_d
    if created:
        audit_log(
            actor=actor,
            action=kinds.SPACES_STAFF_GROUPS_CREATED,
            target=space,
            data={"groups": [coordination.name, desk.name]},
        )
    return SpaceGroups(coordination=coordination, desk=desk, created=created)


# --- Languages -------------------------------------------------------------------------------


def _copy_page_permissions_to_translations() -> int:
    """Whoever may edit or publish a page in the default language may do so on its
    translations: city staff on every home page, a space's coordination on its page."""

    copied = 0
    grants = GroupPagePermission.objects.filter(
        page__locale__language_code=i18n.default_language()
    ).select_related("page")
    for grant in grants:
        for translation in grant.page.get_translations():
            _, created = GroupPagePermission.objects.get_or_create(
                group_id=grant.group_id, page=translation, permission_id=grant.permission_id
            )
            copied += created
    return copied


@transaction.atomic
def site_translations_ensure() -> dict[str, int]:
    """The site in every language of ``WAGTAIL_CONTENT_LANGUAGES``: a locale for each, kept
    synchronised with the default one by wagtail-localize (every page not translated yet has
    an alias in each language, new pages get one when created in the admin), and the page
    permissions of the default-language pages on their translations. Idempotent."""

    default, _ = Locale.objects.get_or_create(language_code=i18n.default_language())
    locales = 0
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == default.language_code:
            continue
        locale, created = Locale.objects.get_or_create(language_code=code)
        locales += created
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default})
    before = Page.objects.count()
    page_index = PageIndex.from_database().sort_by_tree_position()
    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(sync.sync_from, sync.locale, page_index=page_index)
    return {
        "locales": locales,
        "aliases": Page.objects.count() - before,
        "permissions": _copy_page_permissions_to_translations(),
    }


@transaction.atomic
def space_translations_sync(*, space: SpacePage) -> int:
    """Copies a space's data (where, contacts, hours, closures: the fields wagtail-localize
    keeps synchronised) from its default-language page to its live translations and
    publishes them, so every language shows the same data the moment it is published.
    Aliases follow their page already (Wagtail). Returns how many translations it updated."""

    if not i18n.is_default_language(i18n.page_language(space)):
        return 0
    # Only the data: wagtail-localize's own copy before a translation also resets the texts.
    data = [
        field.get_field(SpacePage)
        for field in get_translatable_fields(SpacePage)
        if isinstance(field, SynchronizedField)
    ]
    updated = 0
    for translation in SpacePage.objects.filter(
        translation_key=space.translation_key, alias_of__isnull=True, live=True
    ).exclude(pk=space.pk):
        for field in data:
            if isinstance(field, ManyToOneRel):
                space.copy_child_relation(field.name, translation)
            else:
                setattr(translation, field.attname, getattr(space, field.attname))
        translation.save_revision(log_action=False).publish(log_action=False)
        updated += 1
    return updated
