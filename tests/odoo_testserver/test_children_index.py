"""The test server's parent → children index (odoo_testserver.store.Store.children), which keeps seeding
linear: it must answer exactly what a scan of the table would, through writes, deletes and rollbacks."""
import pytest

from odoo_testserver.seed import build_store


def _scan(store, model, field, parent):
    def holds(value):
        return parent in value if isinstance(value, list) else value == parent

    return sorted(rid for rid, row in store.tables[model].items() if holds(row.get(field)))


def test_children_follow_inserts_updates_deletes_and_rollbacks():
    store = build_store(18)
    pid = store.add_partner("Index Partner", email="index@example.com")
    product = store.add_product("Indexed", default_code="IDX", list_price=10, tax_rate=21, qty_on_hand=50)
    orders = [store.add_delivered_sale_order(f"IDX{n}", pid, lines=[(product, 1, 10.0, 21.0)]) for n in range(3)]
    for order in orders:
        assert store.children("sale.order.line", "order_id", order["order_id"]) == \
            _scan(store, "sale.order.line", "order_id", order["order_id"])
        assert store.children("stock.picking", "sale_id", order["order_id"]) == [order["picking_id"]]
        line = order["line_ids"][0]
        assert store.children("account.move.line", "sale_line_ids", line) == \
            _scan(store, "account.move.line", "sale_line_ids", line)
    move = orders[0]["move_ids"][0]
    picking = orders[0]["picking_id"]
    store.update("stock.move", move, {"picking_id": orders[1]["picking_id"]})
    assert move not in store.children("stock.move", "picking_id", picking)
    assert move in store.children("stock.move", "picking_id", orders[1]["picking_id"])
    with pytest.raises(RuntimeError), store.transaction():
        store.update("stock.move", move, {"picking_id": picking})
        store.delete("stock.move", orders[2]["move_ids"][0])
        raise RuntimeError("roll back")
    assert store.children("stock.move", "picking_id", picking) == _scan(store, "stock.move", "picking_id", picking)
    assert orders[2]["move_ids"][0] in store.children("stock.move", "picking_id", orders[2]["picking_id"])
