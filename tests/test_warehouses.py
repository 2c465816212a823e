"""Several warehouses: the choice at creation (category, then shipping country, then the default),
recorded in the create's audit; the default warehouse the migration makes; the return label's address;
the admin."""
import io

import pypdfium2
import pytest

from returns.models import ReturnEvent, Warehouse
from tests.factories import create_return, make_order, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites(catalogue):
    """WH-A serves Germany and Austria; WH-B the Netherlands and takes every electronics return."""
    main = Warehouse.objects.get(is_default=True)
    wh_a = Warehouse.objects.create(code="WH-A", name="Berlin returns", serves_countries="DE, at",
                                    address="Lagerstrasse 5\n10115 Berlin\nGermany", country="DE")
    wh_b = Warehouse.objects.create(code="WH-B", name="Venlo returns", serves_countries="NL", country="NL")
    wh_b.categories.add(catalogue["electronics"])
    return main, wh_a, wh_b


def _order(alice, product, country):
    order = make_order(alice, [(product, 1, "30.00")])
    order.shipping_country = country
    order.save()
    return order


def _create_event(ret):
    return ReturnEvent.objects.get(return_request=ret, action="create")


def test_the_migration_made_one_default_warehouse_with_no_odoo_ids_of_its_own(db):
    (main,) = Warehouse.objects.all()
    assert main.is_default and main.active and main.code == "MAIN"
    assert (main.odoo_warehouse_id, main.odoo_returns_location_id, main.odoo_receipt_type_id) == (None, None, None)
    assert main.label_printer == ""  # RETURNFLOW_LABEL_PRINTER still applies


def test_the_shipping_country_chooses_the_warehouse_and_the_audit_says_why(alice, tshirt, sites):
    _main, wh_a, _wh_b = sites
    ret = create_return(_order(alice, tshirt, "AT"), alice.user)  # "at" in lower case still counts
    assert ret.warehouse == wh_a
    assert _create_event(ret).data == {"lines": 1, "warehouse": "WH-A", "warehouse_rule": "country"}


def test_a_category_rule_wins_over_the_country(alice, sites):
    _main, _wh_a, wh_b = sites
    laptop = make_product("LAPTOP-1", category="electronics")
    ret = create_return(_order(alice, laptop, "DE"), alice.user)  # Germany is WH-A's, but electronics go to WH-B
    assert ret.warehouse == wh_b
    assert _create_event(ret).data["warehouse_rule"] == "category"


def test_no_rule_matching_or_an_inactive_warehouse_falls_back_to_the_default(alice, tshirt, sites):
    main, wh_a, _wh_b = sites
    ret = create_return(_order(alice, tshirt, "FR"), alice.user)
    assert ret.warehouse == main and _create_event(ret).data["warehouse_rule"] == "default"
    wh_a.active = False
    wh_a.save()
    ret = create_return(_order(alice, tshirt, "DE"), alice.user)
    assert ret.warehouse == main


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_the_return_label_is_addressed_to_the_chosen_warehouse(client, alice, tshirt, sites):
    _main, wh_a, _wh_b = sites
    ret = create_return(_order(alice, tshirt, "DE"), alice.user)
    client.force_login(alice.user)
    response = client.get(f"/portal/returns/{ret.rma_number}/label.pdf")
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Berlin returns" in text and "10115 Berlin" in text
    assert "Dock 4, Logistics Park 12" not in text  # not the operator's single default address
    # A warehouse without an address keeps the operator's address on the label.
    french = create_return(_order(alice, tshirt, "FR"), alice.user)
    label = client.get(f"/portal/returns/{french.rma_number}/label.pdf")
    assert "Dock 4, Logistics Park 12" in _pdf_text(label.content)


def test_the_admin_creates_a_warehouse_with_its_staff_and_refuses_a_bad_country_list(client, ivan, sites):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.com", "pw-test-1234")
    client.force_login(admin)
    assert client.get("/admin/returns/warehouse/").status_code == 200
    form = {"code": "WH-C", "name": "Lyon returns", "address": "", "country": "FR", "active": "on",
            "serves_countries": "FR, BE", "odoo_warehouse_id": "3", "odoo_returns_location_id": "",
            "odoo_receipt_type_id": "", "label_printer": "10.0.0.9:9100", "staff": [str(ivan.pk)]}
    bad = client.post("/admin/returns/warehouse/add/", {**form, "serves_countries": "France"})
    assert bad.status_code == 200 and "two-letter country codes" in bad.content.decode()
    assert not Warehouse.objects.filter(code="WH-C").exists()
    assert client.post("/admin/returns/warehouse/add/", form).status_code == 302
    created = Warehouse.objects.get(code="WH-C")
    assert created.country_codes() == {"FR", "BE"} and created.odoo_warehouse_id == 3
    assert list(created.staff.all()) == [ivan]
    # The staff list offers people with a role, not the customers' log-ins.
    page = client.get(f"/admin/returns/warehouse/{created.pk}/change/").content.decode()
    assert f'value="{ivan.pk}"' in page
    # Warehouses are deactivated, never deleted (their returns point at them).
    assert client.post(f"/admin/returns/warehouse/{created.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Warehouse.objects.filter(code="WH-C").exists()
