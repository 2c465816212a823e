"""Access rights: which groups may read or change which models, and Odoo's AccessError text.

Users without an entry in ``store.user_groups`` (admin, demo) keep the old rule: everything
but the administrator-only models. Users made with ``add_user(..., groups=[...])`` are checked
against the groups verified for an integration user (API_FACTS-odoo18-round2.md section 4):
Inventory / User + Invoicing / Billing run every posting; creating locations (odoo_setup)
needs Inventory / Administrator; ``ir.model`` needs Administration / Access Rights.
Record rules (e.g. the salesman's "own documents only") are not modelled.
"""

from __future__ import annotations

from .errors import AccessError

# Models only administrators may use, with the label Odoo shows in the AccessError.
ADMIN_ONLY = {"ir.config_parameter": "System Parameter"}
READ_METHODS = {"read", "search", "search_read", "search_count", "name_search", "get_param", "exists",
                "default_get", "read_group", "check_object_reference"}
# Methods that check access themselves (or need none).
NO_ACL_METHODS = {"fields_get", "check_access_rights", "has_access", "check_access", "context_get", "has_group"}
VERBS = {"read": "access", "write": "modify", "create": "create", "unlink": "delete"}
ADMIN_ONLY_GROUPS = {"base.group_system", "base.group_erp_manager", "base.group_no_one"}

STOCK_USER, STOCK_ADMIN = "stock.group_stock_user", "stock.group_stock_manager"
BILLING, ACCESS_RIGHTS = "account.group_account_invoice", "base.group_erp_manager"
GROUP_NAMES = {STOCK_USER: "Inventory/User", STOCK_ADMIN: "Inventory/Administrator",
               BILLING: "Invoicing/Billing", ACCESS_RIGHTS: "Administration/Access Rights",
               "sales_team.group_sale_salesman": "Sales/User: Own Documents Only",
               "base.group_system": "Administration/Settings"}
IMPLIED = {STOCK_ADMIN: {STOCK_USER}, "base.group_system": {ACCESS_RIGHTS}}

_STOCK_OPS = ("stock.picking", "stock.move", "stock.move.line", "stock.scrap", "stock.quant", "stock.lot",
              "procurement.group", "stock.backorder.confirmation")
_ACCOUNTING = ("account.move", "account.move.line", "account.payment", "account.payment.register")
# model -> {operation: groups any of which allows it}; a model not listed is open to internal users.
RULES = {
    **{m: {op: {STOCK_USER} for op in VERBS} for m in _STOCK_OPS},
    **{m: {"read": {STOCK_USER}, "write": {STOCK_ADMIN}, "create": {STOCK_ADMIN}, "unlink": {STOCK_ADMIN}}
       for m in ("stock.location", "stock.warehouse", "stock.picking.type")},
    **{m: {op: {BILLING} for op in VERBS} for m in _ACCOUNTING},
    **{m: {"read": {BILLING, STOCK_USER}, "write": {ACCESS_RIGHTS}, "create": {ACCESS_RIGHTS},
           "unlink": {ACCESS_RIGHTS}} for m in ("account.journal", "account.tax", "account.account")},
    # Billing alone grants read on orders (facts section 4); changing them needs Sales.
    **{m: {"read": {BILLING}, "write": {"sales_team.group_sale_salesman"},
           "create": {"sales_team.group_sale_salesman"}, "unlink": {"sales_team.group_sale_salesman"}}
       for m in ("sale.order", "sale.order.line")},
    "ir.model": {op: {ACCESS_RIGHTS} for op in VERBS},
    "ir.model.fields": {op: {ACCESS_RIGHTS} for op in VERBS},
}


def is_admin(store, uid):
    return uid in getattr(store, "admin_uids", {2})


def groups_of(store, uid):
    """The user's groups with the ones they imply, or None for an unrestricted user."""
    groups = getattr(store, "user_groups", {}).get(uid)
    if groups is None:
        return None
    full = set(groups)
    for group in list(full):
        full |= IMPLIED.get(group, set())
    return full


def operation_of(method):
    if method in READ_METHODS:
        return "read"
    return method if method in VERBS else "write"


def access_error(store, model_name, operation, groups=None):
    label = ADMIN_ONLY.get(model_name) or _description(store, model_name)
    names = sorted(GROUP_NAMES.get(g, g) for g in groups) if groups else [store.dialect.settings_group]
    return AccessError(
        f"You are not allowed to {VERBS[operation]} '{label}' ({model_name}) records.\n\n"
        "This operation is allowed for the following groups:\n"
        + "".join(f"\t- {name}\n" for name in names) + "\n"
        "Contact your administrator to request access if necessary."
    )


def _description(store, model_name):
    cls = store.registry.models.get(model_name)
    return (cls._description if cls else None) or model_name


def required_groups(store, uid, model_name, operation="read"):
    """None if allowed, else the groups that would allow it."""
    if model_name in ADMIN_ONLY and not is_admin(store, uid):
        return set()
    groups = groups_of(store, uid)
    if groups is None or is_admin(store, uid):
        return None
    needed = RULES.get(model_name, {}).get(operation)
    if not needed or groups & needed:
        return None
    return needed


def allowed(store, uid, model_name, operation="read"):
    return required_groups(store, uid, model_name, operation) is None


def check(store, uid, model_name, method):
    """Raise the AccessError Odoo raises for this call, if any."""
    if method in NO_ACL_METHODS:
        return
    operation = operation_of(method)
    needed = required_groups(store, uid, model_name, operation)
    if needed is not None:
        raise access_error(store, model_name, operation, needed)
