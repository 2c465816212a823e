"""What `odoo_check` verifies beyond the targets: models, the integration user's rights and
e-mail, and the protocol. Each finding is (what, how to fix), as in targets.py.

Verified on Odoo 18 (API_FACTS-odoo18-round2.md section 4): a least-privilege user (Inventory /
User + Invoicing / Billing) cannot read `ir.model` (that needs Administration / Access Rights), so
models are checked with `fields_get`, which any user may call; `check_access_rights(op,
raise_exception=False)` answers True/False per model and operation; a user without an e-mail
cannot post a credit note that becomes paid at posting (`action_post` fails with "Unable to send
message", the draft stays). On 19+, /xmlrpc and /jsonrpc still work but are deprecated
(API_FACTS-odoo19-round2.md); JSON-2 is the protocol to use there.
"""
from .odoo import OdooError, OdooTransientError

STOCK_USER = "Inventory / User"
BILLING = "Invoicing / Billing"
# (model, operation, the group that grants it): every right the postings use at run time.
RUNTIME_RIGHTS = [
    ("sale.order", "read", BILLING), ("sale.order.line", "read", BILLING),
    ("stock.warehouse", "read", STOCK_USER), ("stock.location", "read", STOCK_USER),
    ("stock.picking.type", "read", STOCK_USER),
    ("stock.picking", "create", STOCK_USER), ("stock.picking", "write", STOCK_USER),
    ("stock.move", "read", STOCK_USER), ("stock.move.line", "write", STOCK_USER),
    ("stock.lot", "read", STOCK_USER), ("stock.scrap", "create", STOCK_USER),
    ("account.move", "create", BILLING), ("account.move", "write", BILLING),
    ("account.journal", "read", BILLING),
]
SETUP_RIGHT = ("stock.location", "create", "Inventory / Administrator")


def missing_models(client, models) -> list[str]:
    """Models this Odoo does not have. fields_get answers for any user; an unknown model is
    a fault ("Object x doesn't exist"; JSON-2: 404)."""
    missing = []
    for model in models:
        try:
            client.call(model, "fields_get", attributes=["type"])
        except OdooTransientError:
            raise
        except OdooError:
            missing.append(model)
    return missing


def has_right(client, model, operation) -> bool:
    """check_access_rights (verified on 18); where a server lacks it (not verified on 19+), the
    record method has_access with no ids, which 18 also answers."""
    try:
        return bool(client.call(model, "check_access_rights", operation=operation, raise_exception=False))
    except OdooTransientError:
        raise
    except OdooError:
        return bool(client.call(model, "has_access", [], operation=operation))


def rights_problems(client, login) -> list[tuple[str, str]]:
    lacking = {}
    for model, operation, group in RUNTIME_RIGHTS:
        if not has_right(client, model, operation):
            lacking.setdefault(group, []).append(f"{operation} {model}")
    return [(f"The Odoo user {login} may not {', '.join(rights)}.",
             f"Give the user {group} in Odoo (Settings ▸ Users ▸ {login}).")
            for group, rights in lacking.items()]


def can_run_setup(client) -> bool:
    return has_right(client, SETUP_RIGHT[0], SETUP_RIGHT[1])


def email_problem(client, uid, login):
    rows = client.read("res.users", [uid], ["email"]) if uid else []
    if rows and rows[0].get("email"):
        return None
    return (f"The Odoo user {login} has no e-mail address: Odoo then refuses to post a credit note for a sale "
            "that becomes paid at posting (\"Unable to send message, please configure the sender's email "
            "address.\") and leaves it in draft.",
            f"Set an e-mail on the user in Odoo (Settings ▸ Users ▸ {login} ▸ Email).")


def protocol_warning(major: int, protocol: str):
    if major >= 19 and protocol in ("xmlrpc", "jsonrpc"):
        return (f"{protocol} is deprecated on Odoo {major} (Odoo logs a warning for every request; it goes away "
                "in Odoo 20). Set ODOO_PROTOCOL=json2 (an API key as bearer token; ODOO_USER is not needed).")
    return None
