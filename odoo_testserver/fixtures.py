"""The fixture records of the recording databases, with the same ids.

See the fixture table in tests/data/odoo/recordings/README.md: partner 44/45, product
49/56 (template 38), sale order 25 ``S00025`` (client ref EXT-SO-0001) with line 51
(10 units at 100.0, tax 1 = 15%), the done delivery 17 ``WH/OUT/00012`` with move 39,
the posted invoice 25 ``INV/2026/00005`` / 57 ``INV/2026/00010``, locations Customers
5/2, WH/Stock 8/5, WH/Returns 37/33, scrap 16/13, operation types Receipts 1, Delivery 2,
Internal 7, company 1, admin uid 2, demo uid 6/5, journal Customer Invoices 1.

The state is the *fresh* one of API_FACTS-odoo18.md section a (delivered 10, invoiced
10, 990 left in WH/Stock), not the recording databases' history of ~100 earlier returns.
"""

from __future__ import annotations

FIXTURES = {
    18: {"admin_uid": 2, "admin_partner": 3, "demo_uid": 6, "demo_partner": 7, "partner": 44, "product": 49,
         "template": 38, "sale_order": 25, "sale_line": 51, "picking": 17, "move": 39, "invoice": 25,
         "invoice_line": 69, "invoice_number": 5, "delivery_number": 12, "delivery_date": "2026-11-22 20:28:18",
         "quant_stock": 39, "wh_view": 7, "stock": 8, "customers": 5, "vendors": 4, "returns": 37, "scrap": 16,
         "inventory": 14, "production": 15, "in_type": 1, "out_type": 2, "int_type": 7, "uom": 1, "tax": 1,
         "journal": 1, "company": 1},
    19: {"admin_uid": 2, "admin_partner": 3, "demo_uid": 5, "demo_partner": 6, "partner": 45, "product": 56,
         "template": 38, "sale_order": 25, "sale_line": 51, "picking": 17, "move": 39, "invoice": 57,
         "invoice_line": 149, "invoice_number": 10, "delivery_number": 12, "delivery_date": "2026-11-22 20:45:10",
         "quant_stock": 39, "wh_view": 4, "stock": 5, "customers": 2, "vendors": 1, "returns": 33, "scrap": 13,
         "inventory": 13, "production": 14, "in_type": 1, "out_type": 2, "int_type": 7, "uom": 1, "tax": 1,
         "journal": 1, "company": 1},
}

# (id key, name, usage, parent key, extra) per version; parents are created first.
LOCATIONS = {
    18: [(1, "Physical Locations", "view", None, {}), (2, "Partners", "view", None, {}),
         (3, "Virtual Locations", "view", None, {}), ("vendors", "Vendors", "supplier", 2, {}),
         ("customers", "Customers", "customer", 2, {}), ("wh_view", "WH", "view", 1, {}),
         ("stock", "Stock", "internal", "wh_view", {}), ("inventory", "Inventory adjustment", "inventory", 3, {}),
         ("production", "Production", "production", 3, {}),
         ("scrap", "Scrap", "inventory", 3, {"scrap_location": True}),
         ("returns", "Returns", "internal", "wh_view", {})],
    19: [("vendors", "Vendors", "supplier", None, {}), ("customers", "Customers", "customer", None, {}),
         ("wh_view", "WH", "view", None, {}), ("stock", "Stock", "internal", "wh_view", {}),
         ("inventory", "Inventory adjustment", "inventory", None, {}),
         ("production", "Production", "production", None, {}),
         ("returns", "Returns", "internal", "wh_view", {})],
}

ACCOUNTS = [(1, "121000", "Account Receivable", "asset_receivable", True),
            (2, "211000", "Account Payable", "liability_payable", True),
            (3, "251000", "Tax Received", "liability_current", False),
            (4, "131000", "Tax Paid", "asset_current", False),
            (5, "400000", "Product Sales", "income", False),
            (6, "600000", "Expenses", "expense", False)]


def _ins(store, model, rid, vals):
    return store.env()[model]._create_one(vals, rid=rid)


def seed_fixtures(store):
    fx = dict(FIXTURES[store.version])
    store.fixture = fx
    with store.transaction():
        _seed_base(store, fx)
        _seed_stock(store, fx)
        _seed_catalogue(store, fx)
        _seed_xmlids(store, fx)
        _seed_metadata(store)
    return fx


def _seed_base(store, fx):
    _ins(store, "res.currency", 1, {"name": "USD", "symbol": "$"})
    _ins(store, "res.partner", 1, {"name": "My Company (San Francisco)", "is_company": True,
                                   "email": "info@yourcompany.com"})
    _ins(store, "res.company", fx["company"], {"name": "My Company (San Francisco)", "partner_id": 1,
                                               "currency_id": 1})
    store.update("res.partner", 1, {"company_id": 1})
    _ins(store, "res.partner", fx["admin_partner"], {"name": "Mitchell Admin", "email": "admin@yourcompany.example.com",
                                                     "tz": "Europe/Brussels"})
    _ins(store, "res.partner", fx["demo_partner"], {"name": "Marc Demo", "email": "mark.brown23@example.com",
                                                    "tz": "Europe/Brussels"})
    _ins(store, "res.users", fx["admin_uid"], {"login": "admin", "partner_id": fx["admin_partner"],
                                               "tz": "Europe/Brussels"})
    _ins(store, "res.users", fx["demo_uid"], {"login": "demo", "partner_id": fx["demo_partner"],
                                              "tz": "Europe/Brussels"})
    _ins(store, "uom.uom", fx["uom"], {"name": "Units"})
    _ins(store, "uom.uom", 2, {"name": "Dozens", "factor": 1 / 12.0})
    _ins(store, "product.category", 1, {"name": "All"})
    for rid, code, name, kind, reconcile in ACCOUNTS:
        _ins(store, "account.account", rid, {"code": code, "name": name, "account_type": kind, "reconcile": reconcile})
    _ins(store, "account.tax", fx["tax"], {"name": "15%", "amount": 15.0, "type_tax_use": "sale", "description": "15%"})
    _ins(store, "account.tax", 2, {"name": "15%", "amount": 15.0, "type_tax_use": "purchase", "description": "15%"})
    _ins(store, "account.journal", fx["journal"], {"name": "Customer Invoices", "code": "INV", "type": "sale",
                                                   "default_account_id": 5})
    _ins(store, "account.journal", 2, {"name": "Vendor Bills", "code": "BILL", "type": "purchase",
                                       "default_account_id": 6})
    _ins(store, "account.journal", 3, {"name": "Miscellaneous Operations", "code": "MISC", "type": "general"})
    for key, value in (("web.base.url", "http://localhost:8069"),
                       ("database.uuid", "0d9e3c2a-4b6f-4e1a-9c3d-5a7b8c9d0e1f"),
                       ("database.create_date", "2026-11-22 20:00:00")):
        _ins(store, "ir.config_parameter", None, {"key": key, "value": value})


def _seed_stock(store, fx):
    for key, name, usage, parent, extra in LOCATIONS[store.version]:
        rid = fx[key] if isinstance(key, str) else key
        parent_id = (fx[parent] if isinstance(parent, str) else parent) if parent else False
        _ins(store, "stock.location", rid, dict(extra, name=name, usage=usage, location_id=parent_id))
    _ins(store, "stock.warehouse", 1, {"name": "San Francisco", "code": "WH", "partner_id": 1,
                                       "view_location_id": fx["wh_view"], "lot_stock_id": fx["stock"]})
    types = [(fx["in_type"], "Receipts", "incoming", "IN", fx["vendors"], fx["stock"], False),
             (fx["out_type"], "Delivery Orders", "outgoing", "OUT", fx["stock"], fx["customers"], fx["in_type"]),
             (fx["int_type"], "Internal Transfers", "internal", "INT", fx["stock"], fx["stock"], False)]
    for rid, name, code, seq, src, dest, ret in types:
        _ins(store, "stock.picking.type", rid, {"name": name, "code": code, "sequence_code": seq, "warehouse_id": 1,
                                                "default_location_src_id": src, "default_location_dest_id": dest,
                                                "return_picking_type_id": ret})
    store.update("stock.warehouse", 1, {"in_type_id": fx["in_type"], "out_type_id": fx["out_type"],
                                        "int_type_id": fx["int_type"]})


def _seed_catalogue(store, fx):
    _ins(store, "res.partner", fx["partner"], {"name": "Returns Lab Customer", "ref": "RET-LAB-CUST",
                                               "email": "returns-lab-customer@example.com", "customer_rank": 1})
    store.add_product("Returnable Widget", default_code="RET-WIDGET", list_price=100.0, tax_rate=15.0,
                      id=fx["product"], template_id=fx["template"])
    store.add_stock(fx["product"], 1000.0, fx["stock"], quant_id=fx["quant_stock"])
    store.set_counter(("picking", "WH/OUT/"), fx["delivery_number"])
    store.set_counter(("sale", "S"), fx["sale_order"] + 1)  # S00025 itself is named explicitly
    store.set_counter(("move", "INV", "2026"), fx["invoice_number"])
    store.add_delivered_sale_order(
        f"S{fx['sale_order']:05d}", fx["partner"], [(fx["product"], 10, 100.0, 15.0)],
        client_order_ref="EXT-SO-0001", date=fx["delivery_date"],
        ids={"order": fx["sale_order"], "line": fx["sale_line"], "picking": fx["picking"], "move": fx["move"],
             "invoice": fx["invoice"], "invoice_line": fx["invoice_line"]})


def _seed_xmlids(store, fx):
    refs = [("base", "main_company", "res.company", 1), ("base", "main_partner", "res.partner", 1),
            ("base", "user_admin", "res.users", fx["admin_uid"]),
            ("base", "partner_admin", "res.partner", fx["admin_partner"]),
            ("base", "user_demo", "res.users", fx["demo_uid"]),
            ("base", "partner_demo", "res.partner", fx["demo_partner"]),
            ("base", "USD", "res.currency", 1), ("uom", "product_uom_unit", "uom.uom", fx["uom"]),
            ("product", "product_category_all", "product.category", 1), ("stock", "warehouse0", "stock.warehouse", 1),
            ("stock", "stock_location_stock", "stock.location", fx["stock"]),
            ("stock", "stock_location_customers", "stock.location", fx["customers"]),
            ("stock", "stock_location_suppliers", "stock.location", fx["vendors"]),
            ("stock", "location_inventory", "stock.location", fx["inventory"]),
            ("stock", "location_production", "stock.location", fx["production"]),
            ("stock", "picking_type_in", "stock.picking.type", fx["in_type"]),
            ("stock", "picking_type_out", "stock.picking.type", fx["out_type"]),
            ("stock", "picking_type_internal", "stock.picking.type", fx["int_type"]),
            ("account", "1_sale_tax_template", "account.tax", fx["tax"])]
    if store.version < 19:
        refs.append(("stock", "stock_location_scrapped", "stock.location", fx["scrap"]))
        # "Physical Locations": the parent of every warehouse view (API_FACTS-odoo18-round2.md §1).
        refs.append(("stock", "stock_location_locations", "stock.location", 1))
    for module, name, model, res_id in refs:
        _ins(store, "ir.model.data", None, {"module": module, "name": name, "model": model, "res_id": res_id,
                                            "noupdate": True})


def _seed_metadata(store):
    """ir.model / ir.model.fields describe this version's models and fields."""
    registry = store.registry
    for mid, name in enumerate(sorted(registry.models), start=1):
        cls = registry.models[name]
        _ins(store, "ir.model", mid, {"model": name, "name": cls._description or name,
                                      "transient": name == "stock.backorder.confirmation"})
        for fname, field in registry.fields[name].items():
            _ins(store, "ir.model.fields", None, {
                "name": fname, "model": name, "model_id": mid, "field_description": field.string,
                "ttype": field.type, "relation": getattr(field, "relation", False) or False,
                "required": field.required, "readonly": field.readonly, "store": field.stored})


def seed_demo_catalogue(store):
    """A small generic catalogue for ``--demo`` (the app mirrors its own with the helpers)."""
    alice = store.add_partner("Alice Martin", email="alice@example.com", ref="CUST-ALICE")
    bob = store.add_partner("Bob Dupont", email="bob@example.com", ref="CUST-BOB")
    mouse = store.add_product("Wireless Mouse", default_code="WM-100", list_price=25.0, qty_on_hand=200)
    hub = store.add_product("USB-C Hub", default_code="HUB-7", list_price=49.0, qty_on_hand=100)
    lamp = store.add_product("Desk Lamp", default_code="LAMP-01", list_price=45.0, qty_on_hand=50)
    first = store.add_delivered_sale_order(None, alice, [(mouse, 2, 25.0, 15.0), (hub, 1, 49.0, 15.0)],
                                           client_order_ref="EXT-SO-0002")
    second = store.add_delivered_sale_order(None, bob, [(lamp, 1, 45.0, 15.0)], client_order_ref="EXT-SO-0003")
    return {"partners": [alice, bob], "products": [mouse, hub, lamp], "orders": [first, second]}
