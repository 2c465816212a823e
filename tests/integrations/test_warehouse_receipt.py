"""A return received at a second warehouse posts its receipt with that warehouse's Odoo ids (the test
server over HTTP): its Receipts type (stock.warehouse.in_type_id) into its own returns location; the
disposition leaves from that location with the warehouse's internal type into its Stock (lot_stock_id).
A return of the default warehouse posts exactly as before."""
import pytest

from integrations.gateway import odoo_client
from integrations.models import OdooPosting, PostingState
from integrations.targets import targets
from returns.models import Warehouse
from tests.factories import create_return, receive_all
from tests.integrations.conftest import odoo_order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def default_warehouse(db):
    """The migration's default warehouse (a transactional test's flush removes it: made again here)."""
    return Warehouse.objects.get_or_create(is_default=True, defaults={"code": "MAIN", "name": "Main warehouse"})[0]


def _second_odoo_warehouse(client, returns_area_id):
    """What Odoo makes on `stock.warehouse.create` (API_FACTS-odoo18-round2.md: view, lot_stock, IN/INT
    types), made one by one on the test server, plus a returns location for it in the Returns area."""
    view = client.create("stock.location", {"name": "VL", "usage": "view"})
    stock = client.create("stock.location", {"name": "Stock", "usage": "internal", "location_id": view})
    in_type = client.create("stock.picking.type", {"name": "Receipts", "code": "incoming", "sequence_code": "IN",
                                                   "default_location_dest_id": stock})
    int_type = client.create("stock.picking.type", {"name": "Internal Transfers", "code": "internal",
                                                    "sequence_code": "INT", "default_location_src_id": stock,
                                                    "default_location_dest_id": stock})
    wh = client.create("stock.warehouse", {"name": "Venlo", "code": "VL", "view_location_id": view,
                                           "lot_stock_id": stock, "in_type_id": in_type, "int_type_id": int_type})
    client.write("stock.picking.type", [in_type, int_type], {"warehouse_id": wh})
    returns_vl = client.create("stock.location", {"name": "Returns VL", "usage": "internal",
                                                  "location_id": returns_area_id})
    return {"warehouse": wh, "stock": stock, "in_type": in_type, "int_type": int_type, "returns": returns_vl}


def _inspect_restock(ret, inspector):
    from inspection.services import return_line_inspect
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    return_start_inspection(return_id=ret.pk, actor=inspector)
    for line in ret.lines.order_by("pk"):
        return_line_inspect(line_id=line.pk, actor=inspector, grade="A", disposition="restock",
                            quantity_accepted=line.quantity_received)
    return return_complete_inspection(return_id=ret.pk, actor=inspector)


def _picking(srv, reference):
    return srv.store.search_read("stock.picking", [("origin", "=", reference)],
                                 ["state", "picking_type_id", "location_id", "location_dest_id", "move_ids"])


def test_the_receipt_and_disposition_use_the_second_warehouses_odoo_ids(odoo18, alice, tshirt, jeans, ivan):
    fx = odoo18.fixture
    client = odoo_client()
    vl = _second_odoo_warehouse(client, targets(client).returns_area_id)
    Warehouse.objects.create(code="WH-B", name="Venlo returns", serves_countries="NL",
                             odoo_warehouse_id=vl["warehouse"], odoo_returns_location_id=vl["returns"])
    order = odoo_order(alice, [tshirt, jeans], odoo18)
    order.shipping_country = "NL"
    order.save()
    ret = create_return(order, alice.user)
    assert ret.warehouse.code == "WH-B"
    receive_all(ret, ivan)

    (receipt,) = _picking(odoo18, f"{ret.rma_number}/receipt")
    assert receipt["state"] == "done"
    assert receipt["picking_type_id"][0] == vl["in_type"] != fx["in_type"]
    assert (receipt["location_id"][0], receipt["location_dest_id"][0]) == (fx["customers"], vl["returns"])
    moves = odoo18.store.search_read("stock.move", [("picking_id", "=", receipt["id"])], ["location_dest_id"])
    assert {m["location_dest_id"][0] for m in moves} == {vl["returns"]}

    _inspect_restock(ret, ivan)
    restocks = odoo18.store.search_read("stock.picking", [("origin", "like", f"{ret.rma_number}/disposition")],
                                        ["state", "picking_type_id", "location_id", "location_dest_id"])
    assert len(restocks) == 2  # one per line
    assert {(r["state"], r["picking_type_id"][0], r["location_id"][0], r["location_dest_id"][0]) for r in restocks} == {
        ("done", vl["int_type"], vl["returns"], vl["stock"])}
    # The inspection evidence finds its receipt under the warehouse's Receipts type too.
    postings = set(OdooPosting.objects.filter(request=ret).values_list("kind", "state"))
    assert postings == {("receipt", PostingState.SENT), ("disposition", PostingState.SENT),
                        ("evidence", PostingState.SENT)}


def test_a_receipt_type_set_on_the_warehouse_wins_and_the_default_warehouse_posts_as_before(
        odoo18, alice, tshirt, jeans, ivan):
    fx = odoo18.fixture
    client = odoo_client()
    vl = _second_odoo_warehouse(client, targets(client).returns_area_id)
    # Only the type is given (no Odoo warehouse): the receipt lands in the shared Returns location.
    Warehouse.objects.create(code="WH-B", name="Venlo returns", serves_countries="NL",
                             odoo_receipt_type_id=vl["in_type"])
    made = {}
    for country in ("NL", "FR"):  # France: no rule, the default warehouse
        order = odoo_order(alice, [tshirt, jeans], odoo18)
        order.shipping_country = country
        order.save()
        made[country] = create_return(order, alice.user)
        receive_all(made[country], ivan)
    (nl,) = _picking(odoo18, f"{made['NL'].rma_number}/receipt")
    assert (nl["state"], nl["picking_type_id"][0], nl["location_dest_id"][0]) == ("done", vl["in_type"], fx["returns"])
    (fr,) = _picking(odoo18, f"{made['FR'].rma_number}/receipt")
    assert made["FR"].warehouse.is_default
    assert (fr["state"], fr["picking_type_id"][0], fr["location_dest_id"][0]) == ("done", fx["in_type"], fx["returns"])
