"""Access rights: which models need the administrator, and Odoo's AccessError text.

Only what the recordings exercise is modelled: the restricted "demo" user may use the
business models but not ``ir.config_parameter`` (Settings / Role Administrator group).
"""

from __future__ import annotations

from .errors import AccessError

# Models only administrators may use, with the label Odoo shows in the AccessError.
ADMIN_ONLY = {"ir.config_parameter": "System Parameter"}
READ_METHODS = {"read", "search", "search_read", "search_count", "name_search", "get_param", "exists",
                "default_get", "read_group"}
# Methods that check access themselves (or need none).
NO_ACL_METHODS = {"fields_get", "check_access_rights", "has_access", "check_access", "context_get", "has_group"}
VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}
ADMIN_ONLY_GROUPS = {"base.group_system", "base.group_erp_manager", "base.group_no_one"}


def is_admin(store, uid):
    return uid in getattr(store, "admin_uids", {2})


def operation_of(method):
    if method in READ_METHODS:
        return "read"
    return method if method in VERBS else "write"


def access_error(store, model_name, operation):
    label = ADMIN_ONLY.get(model_name, model_name)
    return AccessError(
        f"You are not allowed to {VERBS[operation]} '{label}' ({model_name}) records.\n\n"
        "This operation is allowed for the following groups:\n"
        f"\t- {store.dialect.settings_group}\n\n"
        "Contact your administrator to request access if necessary."
    )


def allowed(store, uid, model_name):
    return model_name not in ADMIN_ONLY or is_admin(store, uid)


def check(store, uid, model_name, method):
    """Raise the AccessError Odoo raises for this call, if any."""
    if method in NO_ACL_METHODS or allowed(store, uid, model_name):
        return
    raise access_error(store, model_name, operation_of(method))
