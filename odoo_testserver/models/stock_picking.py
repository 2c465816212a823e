"""Transfers (stock.picking): confirm, reserve, validate, backorders.

``button_validate`` follows the verified behaviour (API_FACTS-odoo18.md b1/b2): a draft
picking is confirmed first; every move quantity 0 -> UserError; nothing picked -> every
move is marked picked; a quantity below the demand returns the backorder wizard action,
unless ``skip_backorder`` is in the context (then pickings listed in
``picking_ids_not_to_backorder`` drop the rest, others get a backorder); then moves are
done, quants move and ``date_done`` is set. Names come from the operation type's
sequence at create time (WH/IN/00001), as in Odoo 17+.
"""

from __future__ import annotations

from ..errors import UserError
from ..fields import Boolean, Char, Datetime, Many2one, One2many, Selection, Text
from ..orm import BaseModel, api
from .stock_move import EPSILON

PICKING_STATES = [("draft", "Draft"), ("waiting", "Waiting Another Operation"), ("confirmed", "Waiting"),
                  ("assigned", "Ready"), ("done", "Done"), ("cancel", "Cancelled")]
NO_QUANTITY = ("You cannot validate a transfer if no quantities are reserved. "
               "To force the transfer, encode quantities.")


def _company(env):
    return 1


class StockPicking(BaseModel):
    _name = "stock.picking"
    _description = "Transfer"
    _order = "priority desc, scheduled_date asc, id desc"

    name = Char("Reference", default="/")
    origin = Char("Source Document")
    note = Text("Notes")
    state = Selection(PICKING_STATES, "Status", compute="_compute_state")
    priority = Selection([("0", "Normal"), ("1", "Urgent")], default="0")
    move_type = Selection([("direct", "As soon as possible"), ("one", "When all products are ready")],
                          "Shipping Policy", default="direct", required=True)
    group_id = Many2one("procurement.group", "Procurement Group")  # 18 only
    picking_type_id = Many2one("stock.picking.type", "Operation Type", required=True)
    picking_type_code = Selection([("incoming", "Receipt"), ("outgoing", "Delivery"),
                                   ("internal", "Internal Transfer")], related="picking_type_id.code")
    location_id = Many2one("stock.location", "Source Location", required=True)
    location_dest_id = Many2one("stock.location", "Destination Location", required=True)
    partner_id = Many2one("res.partner", "Contact")
    company_id = Many2one("res.company", "Company", default=_company)
    user_id = Many2one("res.users", "Responsible", default=lambda env: env.uid)
    scheduled_date = Datetime("Scheduled Date", default=lambda env: env.now())
    date = Datetime("Creation Date", default=lambda env: env.now())  # 18 only
    date_deadline = Datetime("Deadline")
    date_done = Datetime("Date of Transfer")
    backorder_id = Many2one("stock.picking", "Back Order of")
    backorder_ids = One2many("stock.picking", "backorder_id", "Back Orders")
    return_id = Many2one("stock.picking", "Return of")
    return_ids = One2many("stock.picking", "return_id", "Returns")
    move_ids = One2many("stock.move", "picking_id", "Stock Moves", cascade=True)
    move_ids_without_package = One2many("stock.move", "picking_id", "Stock Moves", cascade=True)  # 18 only
    move_line_ids = One2many("stock.move.line", "picking_id", "Operations")
    sale_id = Many2one("sale.order", "Sales Order")
    printed = Boolean()
    is_locked = Boolean(default=True)

    # --------------------------------------------------------------- computes
    def _moves(self, rid):
        return self.store.children("stock.move", "picking_id", rid)

    def _compute_state(self, rid):
        moves = self.store.tables["stock.move"]
        states = [moves[m]["state"] for m in self._moves(rid)]
        if not states or "draft" in states:
            return "draft"
        if all(s == "cancel" for s in states):
            return "cancel"
        if all(s in ("done", "cancel") for s in states):
            return "done"
        open_states = [s for s in states if s not in ("done", "cancel")]
        if all(s == "assigned" for s in open_states):
            return "assigned"
        move_type = self.table[rid].get("move_type") or "direct"
        if move_type == "direct" and any(s in ("assigned", "partially_available") for s in open_states):
            return "assigned"
        return "waiting" if all(s == "waiting" for s in open_states) else "confirmed"

    # ------------------------------------------------------------------ hooks
    def _prepare_create(self, vals):
        self._move_type_from_group(vals)
        ptype = self.store.tables["stock.picking.type"].get(vals.get("picking_type_id"))
        if vals.get("picking_type_id") and not ptype:
            self.env.ensure_exists("stock.picking.type", [vals["picking_type_id"]])
        if ptype:
            vals.setdefault("location_id", ptype.get("default_location_src_id"))
            vals.setdefault("location_dest_id", ptype.get("default_location_dest_id"))
            if not vals.get("name") or vals.get("name") == "/":
                vals["name"] = self.next_name(vals["picking_type_id"])
        return vals

    def next_name(self, type_id):
        types = self.env["stock.picking.type"]
        prefix = types.sequence_prefix(type_id)
        return f"{prefix}{self.store.next_number(('picking', prefix)):05d}"

    def _move_type_from_group(self, vals):
        """18's picking ``create`` copies the group's move_type only when ``group_id`` is in the
        picking vals; ``_compute_move_type`` skips pickings whose moves' group has one, so a
        group on the moves alone leaves the required Shipping Policy empty (facts section 2)."""
        if "group_id" not in self.fields() or "move_type" in vals:
            return
        groups = self.store.tables["procurement.group"]
        if vals.get("group_id") in groups:
            vals["move_type"] = groups[vals["group_id"]].get("move_type") or "direct"
            return
        for command in vals.get("move_ids") or []:
            move = command[2] if isinstance(command, (list, tuple)) and len(command) > 2 else {}
            if isinstance(move, dict) and (groups.get(move.get("group_id")) or {}).get("move_type"):
                vals["move_type"] = False
                return

    def _post_create(self, rid, vals):
        self._sync_sale_and_group(rid, vals)
        self.link_sale_order(rid)

    def _post_write(self, ids, vals):
        for rid in ids:
            self._sync_sale_and_group(rid, vals)

    def _sync_sale_and_group(self, rid, vals):
        """18: ``sale_id`` is computed from ``group_id.sale_id``; writing ``sale_id`` runs
        ``_set_sale_id`` (on a picking without group: a new group for the order)."""
        if "group_id" not in self.fields():
            return
        groups = self.env["procurement.group"]
        row = self.table[rid]
        if "sale_id" in vals:
            if row.get("group_id"):
                groups._write([row["group_id"]], {"sale_id": vals["sale_id"] or False})
            elif vals["sale_id"]:
                first_group_of_order = not any(g.get("sale_id") == vals["sale_id"] for g in groups.table.values())
                group = groups.for_sale_order(vals["sale_id"])
                self.store.update(self._name, rid, {"group_id": group})
                if first_group_of_order:  # the order's own procurement group: its moves carry it too
                    for mid in self._moves(rid):
                        self.store.update("stock.move", mid, {"group_id": group})
        group = self.table[rid].get("group_id")
        if not group:  # group_id is related to move_ids.group_id: a group on the moves joins the picking
            group = next((self.store.tables["stock.move"][m].get("group_id") for m in self._moves(rid)
                          if self.store.tables["stock.move"][m].get("group_id")), False)
            if group:
                self.store.update(self._name, rid, {"group_id": group})
        sale = groups.table[group].get("sale_id") or False if group in groups.table else False
        self.store.update(self._name, rid, {"sale_id": sale})

    def link_sale_order(self, rid):
        """19: a transfer whose moves come from a sale order line belongs to that order (not
        verified against 19's stock.reference; 18 links by procurement group only)."""
        row = self.table.get(rid)
        if not row or row.get("sale_id") or "group_id" in self.fields():
            return
        lines = self.store.tables["sale.order.line"]
        for mid in self._moves(rid):
            line = lines.get(self.store.tables["stock.move"][mid].get("sale_line_id"))
            if line:
                self.store.update(self._name, rid, {"sale_id": line["order_id"]})
                return

    # --------------------------------------------------------------- actions
    @api.records
    def action_confirm(self, ids):
        moves = self.env["stock.move"]
        for rid in ids:
            moves._action_confirm([m for m in self._moves(rid) if moves.table[m]["state"] == "draft"])
        return True

    @api.records
    def action_assign(self, ids):
        self.action_confirm([rid for rid in ids if self._compute_state(rid) == "draft"])
        moves = self.env["stock.move"]
        todo = [m for rid in ids for m in self._moves(rid)
                if moves.table[m]["state"] not in ("draft", "cancel", "done")]
        if not todo:
            raise UserError("Nothing to check the availability for.")
        moves._action_assign(todo)
        return True

    @api.records
    def action_cancel(self, ids):
        moves = self.env["stock.move"]
        for rid in ids:
            moves._cancel([m for m in self._moves(rid) if moves.table[m]["state"] != "done"])
        return True

    @api.records
    def do_unreserve(self, ids):
        moves = self.env["stock.move"]
        for rid in ids:
            for mid in self._moves(rid):
                row = moves.table[mid]
                if row["state"] in ("assigned", "partially_available") \
                        and not self.env["stock.location"].bypasses_reservation(row["location_id"]):
                    moves._write([mid], {"quantity": 0.0})
        return True

    @api.records
    def button_validate(self, ids):
        moves = self.env["stock.move"]
        ctx = self.env.context
        for rid in ids:
            if self._compute_state(rid) == "draft":
                self.action_confirm([rid])
                for mid in self._moves(rid):
                    row = moves.table[mid]
                    if row["quantity"] <= EPSILON and row["product_uom_qty"] > EPSILON:
                        moves._write([mid], {"quantity": row["product_uom_qty"]})
        todo = [rid for rid in ids if self._compute_state(rid) not in ("done", "cancel")]
        for rid in todo:
            open_moves = self._open_moves(rid)
            if all(moves.table[m]["quantity"] <= EPSILON for m in open_moves):
                raise UserError(NO_QUANTITY)
            if not any(moves.table[m]["picked"] for m in open_moves):
                for mid in open_moves:
                    if moves.table[mid]["quantity"] > EPSILON:
                        moves._write([mid], {"picked": True})
        if not ctx.get("skip_backorder"):
            need = [rid for rid in todo if self._needs_backorder(rid) and self._backorder_policy(rid) == "ask"]
            if need:
                return self._backorder_wizard_action(ids, need)
        not_to_backorder = set(ctx.get("picking_ids_not_to_backorder") or [])
        for rid in todo:
            cancel = (ctx.get("skip_backorder") and rid in not_to_backorder) or ctx.get("cancel_backorder") \
                or self._backorder_policy(rid) == "never"
            self._action_done(rid, cancel_backorder=bool(cancel))
        return True

    # ------------------------------------------------------------ internals
    def _open_moves(self, rid):
        moves = self.store.tables["stock.move"]
        return [m for m in self._moves(rid) if moves[m]["state"] not in ("done", "cancel")]

    def _done_qty(self, mid):
        row = self.store.tables["stock.move"][mid]
        return row["quantity"] if row["picked"] else 0.0

    def _needs_backorder(self, rid):
        moves = self.store.tables["stock.move"]
        return any(self._done_qty(m) < moves[m]["product_uom_qty"] - EPSILON for m in self._open_moves(rid))

    def _backorder_policy(self, rid):
        ptype = self.store.tables["stock.picking.type"].get(self.table[rid]["picking_type_id"], {})
        return ptype.get("create_backorder") or "ask"

    def _backorder_wizard_action(self, ids, need):
        context = dict(self.env.context)
        context.setdefault("button_validate_picking_ids", list(ids))
        context["default_show_transfers"] = len(need) > 1
        context["default_pick_ids"] = [[4, rid] for rid in need]
        view_id = self.env.dialect.backorder_view_id
        return {"name": "Create Backorder?", "type": "ir.actions.act_window", "view_mode": "form",
                "res_model": "stock.backorder.confirmation", "views": [[view_id, "form"]],
                "view_id": view_id, "target": "new", "context": context}

    def _action_done(self, rid, cancel_backorder):
        moves = self.env["stock.move"]
        backorder_moves = []
        for mid in self._open_moves(rid):
            qty, demand = self._done_qty(mid), moves.table[mid]["product_uom_qty"]
            if qty <= EPSILON:
                if cancel_backorder:
                    moves._cancel([mid])
                else:
                    backorder_moves.append(mid)
                continue
            if qty < demand - EPSILON and not cancel_backorder:
                backorder_moves.append(moves.split(mid, demand - qty))
            moves._done(mid, qty)
        if backorder_moves:
            self._create_backorder(rid, backorder_moves)
        self.store.update(self._name, rid, {"date_done": self.env.now()})

    def _create_backorder(self, rid, move_ids):
        row = self.table[rid]
        vals = {k: row[k] for k in ("picking_type_id", "location_id", "location_dest_id", "partner_id",
                                    "origin", "company_id", "move_type", "sale_id", "group_id")
                if row.get(k) and k in self.fields()}
        vals["backorder_id"] = rid
        backorder = self._create_one(vals)
        moves = self.env["stock.move"]
        for mid in move_ids:
            moves._write([mid], {"picking_id": backorder, "picked": False})
            if moves.table[mid]["state"] == "draft":
                moves._action_confirm([mid])
        moves._action_assign(move_ids)
        return backorder


MODELS = [StockPicking]
