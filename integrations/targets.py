"""Where postings go in Odoo: the warehouse, the returns locations, picking types and journal.

The returns locations (Returns, Refurbish, Vendor returns, Quarantine) sit under their own view
location, "Returns area", outside every warehouse (API_FACTS-odoo18-round2.md section 1, option b):
Odoo counts stock under the warehouses' view locations as on hand and sellable (qty_available,
free_qty, the shop's availability), so returned units there would be sold before inspection.
Outside, they stay valued company stock that no delivery reserves; the restock transfer to
WH/Stock is the only move that makes a unit sellable. Older set-ups had them under the warehouse
view: discovery still finds them there, reports them as a problem, and `odoo_setup` re-parents
them. Found once per process by name (configurable in ODOO_MAPPING) and cached.
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
    # No Odoo fact says where liquidated units wait for their buyer: an internal location in the
    # Returns area like the other non-sellable dispositions, so they stay valued but never sellable.
    "liquidation": ("LIQUIDATION_LOCATION", "units waiting to be sold off in lots"),
}
# Locations an installation made before they existed may still lack: their absence stops only the
# postings that need them (delivered after `odoo_setup` creates them), never every posting.
OPTIONAL_ROLES = {"liquidation"}
DEFAULT_LOCATION_NAMES = {"liquidation": "Liquidation"}
DISPOSITION_LOCATION = {
    Disposition.RESTOCK: "stock",
    Disposition.REFURBISH: "refurbish",
    Disposition.VENDOR_RETURN: "vendor_returns",
    Disposition.QUARANTINE: "quarantine",
    Disposition.LIQUIDATION: "liquidation",
}
# The view location outside the warehouses, and where Odoo keeps warehouse views ("Physical
# Locations"). 19's location tree was not verified; without that xmlid the area is top-level.
DEFAULT_AREA_NAME = "Returns area"
PHYSICAL_LOCATIONS_XMLID = ("stock", "stock_location_locations")
REQUIRED_MODELS = [
    "res.partner", "product.product", "sale.order", "sale.order.line", "stock.warehouse", "stock.location",
    "stock.picking.type", "stock.picking", "stock.move", "stock.move.line", "stock.lot", "stock.scrap",
    "account.move", "account.move.line", "ir.model.data",
]


@dataclass
class OdooTargets:
    company_id: int = 0
    warehouse_id: int = 0
    warehouse_name: str = ""
    view_location_id: int = 0
    returns_area_id: int = 0
    customer_location_id: int = 0
    stock_location_id: int = 0
    scrap_location_id: int = 0
    receipt_type_id: int = 0
    internal_type_id: int = 0
    journal_id: int = 0
    # The sales journal's default (income) account, for credit-note lines without a product.
    income_account_id: int = 0
    locations: dict = field(default_factory=dict)  # role -> id (0 when missing)
    # role -> id of a returns location Odoo counts as warehouse stock (odoo_setup moves it).
    misplaced: dict = field(default_factory=dict)
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
    key = LOCATION_ROLES[role][0]
    return settings.ODOO_MAPPING.get(key) or DEFAULT_LOCATION_NAMES[role]


def area_name() -> str:
    return settings.ODOO_MAPPING.get("RETURNS_AREA") or DEFAULT_AREA_NAME


def _find_returns_locations(client, t: OdooTargets):
    """The area (a view outside every warehouse) and each role's location under it; a role's
    location still under the warehouse view is taken too but reported as misplaced."""
    areas = client.search_read("stock.location", [("name", "=", area_name()), ("usage", "=", "view")],
                               ["warehouse_id"], order="id")
    area = next((row for row in areas if not row.get("warehouse_id")), None)
    t.returns_area_id = area["id"] if area else 0
    if not area:
        t.problems.append((f"View location '{area_name()}' (outside the warehouse) is missing.",
                           "Run `python manage.py odoo_setup` to create it."))
    names = {role: location_name(role) for role in LOCATION_ROLES}
    parents = [p for p in (t.returns_area_id, t.view_location_id) if p]
    found = client.search_read("stock.location", [("location_id", "in", parents), ("name", "in", list(names.values())),
                                                  ("usage", "=", "internal")],
                               ["name", "location_id", "warehouse_id"], order="id")
    for role, name in names.items():
        rows = [row for row in found if row["name"] == name]
        rows.sort(key=lambda row: bool(row.get("warehouse_id")))  # outside the warehouse first
        t.locations[role] = rows[0]["id"] if rows else 0
        if not rows and role in OPTIONAL_ROLES:
            continue
        if not rows:
            t.problems.append((f"Location '{area_name()}/{name}' is missing ({LOCATION_ROLES[role][1]}).",
                               "Run `python manage.py odoo_setup` to create it."))
        elif rows[0].get("warehouse_id"):
            t.misplaced[role] = rows[0]["id"]
            t.problems.append((
                f"Location '{t.warehouse_name}/{name}' (id {rows[0]['id']}) is inside the warehouse, so Odoo counts "
                "returned units there as on hand and sellable (qty_available, free_qty).",
                f"Run `python manage.py odoo_setup` to move it under '{area_name()}', outside the warehouse "
                "(it keeps its stock; only its parent changes)."))


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

    _find_returns_locations(client, t)

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


def physical_locations_id(client) -> int:
    """Odoo's "Physical Locations" view (the warehouses' parent), or 0 if this Odoo has none."""
    from .odoo import OdooError

    try:
        module, xml_id = PHYSICAL_LOCATIONS_XMLID
        return client.call("ir.model.data", "check_object_reference", module=module, xml_id=xml_id)[1]
    except OdooError:
        return 0


def create_missing_locations(client, t: OdooTargets) -> list[tuple[str, int]]:
    """Create the area and the internal locations that are missing under it; idempotent."""
    created = []
    if not t.returns_area_id:
        t.returns_area_id = client.create("stock.location", {
            "name": area_name(), "usage": "view", "location_id": physical_locations_id(client) or False,
            "company_id": t.company_id})
        created.append((area_name(), t.returns_area_id))
    for role in LOCATION_ROLES:
        if t.locations.get(role):
            continue
        name = location_name(role)
        new_id = client.create("stock.location", {"name": name, "usage": "internal",
                                                  "location_id": t.returns_area_id, "company_id": t.company_id})
        t.locations[role] = new_id
        created.append((f"{area_name()}/{name}", new_id))
    forget_targets()
    return created


def move_misplaced_locations(client, t: OdooTargets) -> list[tuple[str, int]]:
    """Re-parent returns locations found inside the warehouse under the area. The write holds
    `location_id` only: one that also carries `usage` or `scrap_location` fails on a location
    holding stock ("Internal locations having stock can't be converted")."""
    moved = []
    for role, loc_id in sorted(t.misplaced.items()):
        client.write("stock.location", [loc_id], {"location_id": t.returns_area_id})
        moved.append((f"{area_name()}/{location_name(role)}", loc_id))
    t.misplaced.clear()
    forget_targets()
    return moved
