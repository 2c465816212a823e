"""The sandbox's data store and the public helpers to add demo data.

``build_store(version)`` gives a store holding the fixtures of the recording databases
(same ids as real Odoo 18 ``returns_lab`` / 19 ``returns_lab19``, see fixtures.py). The
helpers below add more data *through the same business code the RPC calls use* (a
delivered order really goes through confirm -> reserve -> validate -> invoice -> post),
so what another test or the Django demo catalogue adds is consistent: quants, SO line
``qty_delivered``/``qty_invoiced``, invoice amounts and names.

Every helper runs in one transaction and returns the new ids::

    pid = store.add_partner("Alice Martin", email="alice@example.com")
    prod = store.add_product("Desk Lamp", default_code="LAMP-01", list_price=45.0, qty_on_hand=50)
    so = store.add_delivered_sale_order("S00101", pid, lines=[(prod, 2, 45.0, 15.0)],
                                        client_order_ref="EXT-SO-0101")
    so["order_id"], so["line_ids"], so["picking_id"], so["move_ids"], so["invoice_id"]
"""

from __future__ import annotations

from contextlib import contextmanager

from .models import build_registry
from .orm import Env
from .store import Store

ADMIN_UID = 2


class SandboxStore(Store):
    fixture = None  # ids of the recording fixtures, set by fixtures.seed_fixtures

    def env(self, uid=ADMIN_UID, context=None):
        return Env(self, uid, context or {})

    @contextmanager
    def _forced_ids(self, forced):
        """Make the next creates of some models use given ids (fixtures mirror real ids)."""
        for model, rid in (forced or {}).items():
            if rid:
                self.set_next_id(model, rid)
        yield

    # ------------------------------------------------------------- reading
    def read(self, model, ids, fields=None):
        with self.lock:
            return self.env()[model]._read(list(ids), fields)

    def search_read(self, model, domain=None, fields=None, order=None):
        with self.lock:
            m = self.env()[model]
            return m._read(m._search(domain or [], order=order), fields)

    # -------------------------------------------------------------- adding
    def add_partner(self, name, *, email=None, ref=None, phone=None, is_company=False, id=None, **vals):
        vals.update(name=name, email=email or False, ref=ref or False, phone=phone or False,
                    is_company=is_company, customer_rank=vals.get("customer_rank", 1))
        with self.transaction():
            return self.env()["res.partner"]._create_one(vals, rid=id)

    def add_user(self, login, *, groups=(), email=None, name=None, id=None):
        """A non-admin internal user restricted to ``groups`` (xmlids, see acl.py); returns the uid."""
        with self.transaction():
            env = self.env()
            partner = env["res.partner"]._create_one({"name": name or login, "email": email or False})
            uid = env["res.users"]._create_one({"login": login, "partner_id": partner}, rid=id)
        self.user_groups = {**getattr(self, "user_groups", {}), uid: set(groups)}
        return uid

    def tax_for_rate(self, rate, *, type_tax_use="sale"):
        """The tax of that percentage (created as "<rate>%" if missing); None/0 -> no tax."""
        if not rate:
            return None
        with self.transaction():
            taxes = self.env()["account.tax"]
            for tid, row in sorted(taxes.table.items()):
                if abs(row["amount"] - float(rate)) < 1e-9 and row["type_tax_use"] == type_tax_use \
                        and row["amount_type"] == "percent":
                    return tid
            label = f"{float(rate):g}%"
            return taxes._create_one({"name": label, "amount": float(rate), "type_tax_use": type_tax_use,
                                      "description": label})

    def add_returns_area(self, names=("Refurbish", "Vendor returns", "Quarantine", "Liquidation"), area="Returns area"):
        """The layout Returnflow's odoo_setup makes (API_FACTS-odoo18-round2.md §1): a view location
        outside the warehouse (under Physical Locations where it exists) holding the fixture's
        Returns and the other returns locations; returns the area's id."""
        physical = 1 if self.version < 19 else False  # 19's location tree was not verified
        area_id = self.add_location(area, usage="view", parent_id=physical)
        with self.transaction():
            self.env()["stock.location"]._write([self.fixture["returns"]], {"location_id": area_id})
        for name in names:
            self.add_location(name, parent_id=area_id)
        return area_id

    def add_location(self, name, *, usage="internal", parent_id=None, id=None, **vals):
        if parent_id is None:
            parent_id = self.tables["stock.warehouse"][min(self.tables["stock.warehouse"])]["view_location_id"]
        vals.update(name=name, usage=usage, location_id=parent_id or False)
        with self.transaction():
            return self.env()["stock.location"]._create_one(vals, rid=id)

    def add_product(self, name, *, default_code=None, list_price=0.0, tax_rate=15.0, taxes=None,
                    qty_on_hand=0.0, location_id=None, is_storable=True, invoice_policy="delivery",
                    barcode=None, id=None, template_id=None, **vals):
        """A storable product (product.product id returned), optionally with stock."""
        tax_ids = list(taxes) if taxes is not None else [t for t in [self.tax_for_rate(tax_rate)] if t]
        vals.update(name=name, default_code=default_code or False, list_price=float(list_price),
                    type=vals.get("type", "consu"), is_storable=is_storable, invoice_policy=invoice_policy,
                    taxes_id=[(6, 0, tax_ids)], barcode=barcode or False)
        with self.transaction():
            env = self.env()
            tmpl_vals = {k: v for k, v in vals.items() if k not in ("default_code", "barcode")}
            template = env.with_context(_no_variant=True)["product.template"]._create_one(tmpl_vals, rid=template_id)
            product = env["product.product"].with_template(
                template, {"default_code": vals["default_code"], "barcode": vals["barcode"]}, rid=id)
            if qty_on_hand:
                self.add_stock(product, qty_on_hand, location_id)
            return product

    def add_stock(self, product_id, qty, location_id=None, *, quant_id=None):
        """Set on-hand stock with an inventory adjustment (a done move from the
        inventory-loss location, as Odoo does); returns the quant id."""
        with self.transaction():
            env = self.env(context={"inventory_mode": True})
            if location_id is None:
                location_id = self.tables["stock.warehouse"][min(self.tables["stock.warehouse"])]["lot_stock_id"]
            quants = env["stock.quant"]
            qid = quants.quant_for(product_id, location_id, create=False)
            if not qid:
                qid = quants._create_one({"product_id": product_id, "location_id": location_id,
                                          "in_date": self.now()}, rid=quant_id)
            current = quants.table[qid]["quantity"]
            quants._write([qid], {"inventory_quantity": current + float(qty)})
            quants.action_apply_inventory([qid])
            return qid

    def add_serials(self, product_id, serials, location_id=None):
        """Serial-tracked units in stock (one lot and one unit each); returns the lot ids."""
        with self.transaction():
            env = self.env()
            if location_id is None:
                location_id = self.tables["stock.warehouse"][min(self.tables["stock.warehouse"])]["lot_stock_id"]
            lots = []
            for serial in serials:
                lot = env["stock.lot"]._create_one({"name": serial, "product_id": product_id})
                env["stock.quant"].update_available(product_id, location_id, 1.0, lot)
                lots.append(lot)
            return lots

    def add_delivered_sale_order(self, name=None, partner_id=None, lines=(), *, client_order_ref=None,
                                 invoiced=True, date=None, ids=None):
        """A confirmed sale order whose delivery is done and (by default) invoiced and posted.

        ``lines``: ``(product_id, qty, price_unit, tax_rate)`` tuples (tax_rate None = no
        tax). Missing stock is added first at WH/Stock. ``date`` ("YYYY-MM-DD HH:MM:SS")
        pins the order, delivery and invoice dates. ``ids`` may force the ids of
        ``order``, ``line``, ``picking``, ``move``, ``invoice``, ``invoice_line`` (the
        first of each; the fixtures use it to mirror the recording databases).
        Returns a dict: order_id, name, line_ids, picking_id, move_ids, invoice_id,
        invoice_line_ids (invoice ids are None when ``invoiced`` is false).
        """
        ids = ids or {}
        previous_now = self.fixed_now
        with self.transaction():
            if date:
                self.fixed_now = date if len(date) > 10 else f"{date} 12:00:00"
            try:
                return self._delivered_order(name, partner_id, lines, client_order_ref, invoiced, ids)
            finally:
                self.fixed_now = previous_now

    def _delivered_order(self, name, partner_id, lines, client_order_ref, invoiced, ids):
        env = self.env()
        stock_loc = self.tables["stock.warehouse"][min(self.tables["stock.warehouse"])]["lot_stock_id"]
        quants = env["stock.quant"]
        needed = {}
        for product_id, qty, *_rest in lines:
            needed[product_id] = needed.get(product_id, 0.0) + float(qty)
        for product_id, qty in needed.items():
            have = quants.on_hand(product_id, {stock_loc})
            if have < qty and env["product.product"].value_of(product_id, "is_storable"):
                self.add_stock(product_id, qty - have, stock_loc)
        tax_field = env.fname("sale.order.line", "tax_ids")
        order_lines = []
        for product_id, qty, price, tax_rate in (tuple(line)[:4] for line in lines):
            tax = self.tax_for_rate(tax_rate)
            order_lines.append((0, 0, {"product_id": product_id, "product_uom_qty": float(qty),
                                       "price_unit": float(price), tax_field: [(6, 0, [tax] if tax else [])]}))
        with self._forced_ids({"sale.order": ids.get("order"), "sale.order.line": ids.get("line"),
                               "stock.picking": ids.get("picking"), "stock.move": ids.get("move"),
                               "stock.move.line": ids.get("move_line")}):
            vals = {"partner_id": partner_id, "client_order_ref": client_order_ref or False,
                    "order_line": order_lines}
            if name:
                vals["name"] = name
            order = env["sale.order"]._create_one(vals)
            env["sale.order"].action_confirm([order])
        line_ids = env["sale.order"]._lines(order)
        pickings = self.children("stock.picking", "sale_id", order)
        moves = [m for p in pickings for m in env["stock.picking"]._moves(p)]
        for mid in moves:
            env["stock.move"]._write([mid], {"quantity": self.tables["stock.move"][mid]["product_uom_qty"],
                                             "picked": True})
        env["stock.picking"].button_validate(pickings)
        result = {"order_id": order, "name": self.tables["sale.order"][order]["name"], "line_ids": line_ids,
                  "picking_id": pickings[0] if pickings else None, "move_ids": moves,
                  "invoice_id": None, "invoice_line_ids": []}
        if invoiced:
            result.update(self._invoice_order(env, order, line_ids, ids))
        return result

    def _invoice_order(self, env, order, line_ids, ids):
        so_lines = env["sale.order.line"]
        so = self.tables["sale.order"][order]
        tax_field = env.fname("sale.order.line", "tax_ids")
        inv_lines = []
        for lid in line_ids:
            row = so_lines.table[lid]
            qty = so_lines.value_of(lid, "qty_to_invoice")
            if qty:
                inv_lines.append((0, 0, {"product_id": row["product_id"], "quantity": qty,
                                         "price_unit": row["price_unit"],
                                         "tax_ids": [(6, 0, row.get(tax_field) or [])],
                                         "sale_line_ids": [(6, 0, [lid])]}))
        if not inv_lines:
            return {}
        with self._forced_ids({"account.move": ids.get("invoice"), "account.move.line": ids.get("invoice_line")}):
            moves = env["account.move"]
            invoice = moves._create_one({"move_type": "out_invoice", "partner_id": so["partner_id"],
                                         "invoice_date": self.today(), "ref": so.get("client_order_ref") or False,
                                         "invoice_origin": so["name"], "invoice_line_ids": inv_lines})
        moves.action_post([invoice])
        return {"invoice_id": invoice, "invoice_line_ids": moves._lines(invoice, "product")}


def build_store(version, *, demo_catalogue=False):
    """A fresh store for Odoo ``version`` (18 or 19) with the recording fixtures."""
    from .fixtures import seed_demo_catalogue, seed_fixtures

    store = SandboxStore(build_registry(int(version)))
    seed_fixtures(store)
    if demo_catalogue:
        seed_demo_catalogue(store)
    return store


def add_api_user(server, login, *, api_key, groups=(), email=None):
    """A user of ``server`` who logs in with ``api_key`` (password or bearer), restricted to ``groups``."""
    from .service import Credential

    uid = server.store.add_user(login, groups=groups, email=email)
    server.auth.users[uid] = Credential(uid, login, api_key, {api_key}, False)
    return uid
