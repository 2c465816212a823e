"""A scanned serial is checked against the ERP's record too, not only the local order snapshot."""
import pytest

from inspection import serials


@pytest.fixture
def erp_check():
    calls = []

    def check(product_id, serial):
        calls.append((product_id, serial))
        return "Odoo shows serial SN-3 in stock" if serial == "SN-3" else None

    serials.register_serial_check(check)
    yield calls
    from integrations.serials import returned_serial_problem

    serials.register_serial_check(returned_serial_problem)


def test_the_integration_registers_its_odoo_check():
    from integrations.serials import returned_serial_problem

    assert serials._erp_serial_check is returned_serial_problem


@pytest.mark.django_db
def test_a_shipped_serial_that_the_erp_shows_in_stock_is_suspicious(erp_check, alice, ivan, monkeypatch):
    from tests.factories import create_return, make_order, make_product, receive_all

    product = make_product(serialized=True)
    order = make_order(alice, [(product, 2, "50.00")])
    line = order.lines.get()
    line.serial_numbers = ["SN-1", "SN-3"]
    line.save(update_fields=["serial_numbers"])
    ret = receive_all(create_return(order, alice.user), ivan)
    rline = ret.lines.get()
    monkeypatch.setattr(serials, "returned_serials", lambda _line: ["SN-1", "SN-3"])
    # Both were shipped to Alice, but Odoo holds SN-3 in stock: that one cannot be coming back.
    assert serials.unknown_serials(rline) == ["SN-3"]
    assert (product.odoo_product_id, "SN-3") in erp_check
