"""Where postings go in Odoo: the warehouse, its locations, picking types and journal.

Found once per process by name under the warehouse (names configurable in ODOO_MAPPING) and
cached; `odoo_check` reports what is missing and `odoo_setup` creates the locations.
"""
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings

from returns.choices import Disposition

CACHE_SECONDS = 600
_cache: dict = {}
_lock = threading.Lock()

# Our location roles, the ODOO_MAPPING key of each one's name, and why it matters.
LOCATION_ROLES = {
    "returns": ("RETURNS_LOCATION", "receipts land here, never in sellable stock"),
    "refurbish": ("REFURBISH_LOCATION", "items to be refurbished"),
    "vendor_returns": ("VENDOR_RETURNS_LOCATION", "items going back to the supplier"),
    "quarantine": ("QUARANTINE_LOCATION", "items held for investigation"),
}
DISPOSITION_LOCATION = {
    Disposition.RESTOCK: "stock",
    Disposition.REFURBISH: "refurbish",
    Disposition.VENDOR_RETURN: "vendor_returns",
    Disposition.QUARANTINE: "quarantine",
}
REQUIRED_MODELS = [
    "res.partner", "product.product", "sale.order", "sale.order.line", "stock.warehouse", "stock.location",
    "stock.picking.type", "stock.picking", "stock.move", "stock.scrap", "account.move", "account.move.line",
    "ir.model.data",
]


@dataclass
class OdooTargets:
    company_id: int = 0
    warehouse_id: int = 0
    warehouse_name: str = ""
    view_location_id: int = 0
    customer_location_id: int = 0
    stock_location_id: int = 0
    scrap_location_id: int = 0
    receipt_type_id: int = 0
    internal_type_id: int = 0
    journal_id: int = 0
    # The sales journal's default (income) account, for credit-note lines without a product.
    income_account_id: int = 0
    locations: dict = field(default_factory=dict)  # role -> id (0 when missing)
    problems: list = field(default_factory=list)  # (what, how to fix)

    def location_for(self, disposition: str) -> int:
        role = DISPOSITION_LOCATION[disposition]
        return self.stock_location_id if role == "stock" else self.locations.get(role, 0)

    @property
    def returns_location_id(self) -> int:
        return self.locations.get("returns", 0)


class TargetsIncomplete(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(what for what, _fix in problems))
        self.problems = problems


def location_name(role: str) -> str:
    return settings.ODOO_MAPPING[LOCATION_ROLES[role][0]]


def discover(client) -> OdooTargets:
    """Read everything the app needs from Odoo (about 8 light calls) and list what is missing."""
    t = OdooTargets()
    code = settings.ODOO_MAPPING["WAREHOUSE_CODE"]
    warehouses = client.search_read(
        "stock.warehouse", [("code", "=", code)] if code else [],
        ["name", "code", "company_id", "lot_stock_id", "view_location_id", "in_type_id", "int_type_id"], limit=1)
    if not warehouses:
        t.problems.append((f"No warehouse{' with code ' + code if code else ''} in Odoo.",
                           "Create one in Inventory ▸ Configuration ▸ Warehouses, or set ODOO_WAREHOUSE_CODE."))
        return t
    wh = warehouses[0]
    t.warehouse_id, t.warehouse_name = wh["id"], wh["name"]
    t.company_id = wh["company_id"][0] if wh["company_id"] else 0
    t.view_location_id = wh["view_location_id"][0] if wh["view_location_id"] else 0
    t.stock_location_id = wh["lot_stock_id"][0] if wh["lot_stock_id"] else 0
    t.receipt_type_id = wh["in_type_id"][0] if wh["in_type_id"] else 0
    t.internal_type_id = wh["int_type_id"][0] if wh["int_type_id"] else 0
    for attr, label in [("receipt_type_id", "Receipts operation type"),
                        ("internal_type_id", "Internal transfers operation type")]:
        if not getattr(t, attr):
            t.problems.append((f"The warehouse has no {label}.", "Enable it on the warehouse in Odoo."))

    customers = client.search("stock.location", [("usage", "=", "customer")], limit=1, order="id")
    t.customer_location_id = customers[0] if customers else 0
    if not t.customer_location_id:
        t.problems.append(("No customer location (usage 'customer').",
                           "Odoo's stock module creates it; reinstall stock."))

    scrap = client.search("stock.location", client.dialect.scrap_location_domain(t.company_id), limit=1, order="id")
    t.scrap_location_id = scrap[0] if scrap else 0
    if not t.scrap_location_id:
        t.problems.append(("No scrap location.", "Create a location of type 'Inventory loss' (scrap) in Odoo."))

    names = {role: location_name(role) for role in LOCATION_ROLES}
    found = client.search_read("stock.location", [("location_id", "=", t.view_location_id),
                                                  ("name", "in", list(names.values()))], ["name"])
    by_name = {row["name"]: row["id"] for row in found}
    for role, name in names.items():
        t.locations[role] = by_name.get(name, 0)
        if not t.locations[role]:
            t.problems.append((f"Location '{t.warehouse_name}/{name}' is missing ({LOCATION_ROLES[role][1]}).",
                               "Run `python manage.py odoo_setup` to create it."))

    journal = settings.ODOO_MAPPING["REFUND_JOURNAL_ID"]
    domain = [("type", "=", "sale")] + (
        [("id", "=", journal)] if journal else [("company_id", "in", [t.company_id, False])])
    journals = client.search_read("account.journal", domain, ["default_account_id"], limit=1)
    if journal and not journals:
        t.problems.append((f"Journal {journal} (ODOO_REFUND_JOURNAL_ID) is not a sales journal.",
                           "Set ODOO_REFUND_JOURNAL_ID to a journal of type Sales, or leave it empty."))
    elif not journals:
        t.problems.append(("No sales journal for credit notes.", "Install Invoicing and create a Sales journal."))
    else:
        t.journal_id = journal
        account = journals[0].get("default_account_id")
        t.income_account_id = account[0] if account else 0
    return t


def targets(client) -> OdooTargets:
    """Cached `discover`; raises TargetsIncomplete while something the postings need is missing."""
    key = (client.config.url, client.config.db)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] > time.monotonic():
            return cached[1]
    found = discover(client)
    if found.problems:
        raise TargetsIncomplete(found.problems)
    with _lock:
        _cache[key] = (time.monotonic() + CACHE_SECONDS, found)
    return found


def forget_targets():
    with _lock:
        _cache.clear()


def create_missing_locations(client, t: OdooTargets) -> list[tuple[str, int]]:
    """Create the internal locations that are missing under the warehouse; idempotent."""
    created = []
    for role in LOCATION_ROLES:
        if t.locations.get(role):
            continue
        name = location_name(role)
        new_id = client.create("stock.location", {"name": name, "usage": "internal",
                                                  "location_id": t.view_location_id, "company_id": t.company_id})
        t.locations[role] = new_id
        created.append((name, new_id))
    forget_targets()
    return created
