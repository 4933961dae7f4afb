from wagtail import hooks

from . import audited_admin

hooks.register("before_bulk_action", audited_admin.bulk_delete_through_services)
