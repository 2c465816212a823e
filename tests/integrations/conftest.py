"""The Odoo test server over real HTTP, with the app configured to post to it."""
import pytest

from integrations.gateway import reset_odoo_client
from odoo_testserver.server import DEFAULT_API_KEY, OdooTestServer
from integrations.targets import forget_targets

# (Odoo version, protocol) pairs the client must support unchanged.
TARGETS = [(18, "xmlrpc"), (18, "jsonrpc"), (19, "json2"), (19, "xmlrpc")]


def configure(settings, srv, protocol, **timeouts):
    settings.ODOO = {"URL": srv.url, "DB": srv.db, "USER": "admin", "API_KEY": DEFAULT_API_KEY,
                     "PROTOCOL": protocol, "CONNECT_TIMEOUT": timeouts.get("connect", 2),
                     "READ_TIMEOUT": timeouts.get("read", 5)}
    reset_odoo_client()
    forget_targets()


@pytest.fixture(params=TARGETS, ids=[f"odoo{v}-{p}" for v, p in TARGETS])
def odoo(request, settings):
    version, protocol = request.param
    srv = OdooTestServer(version=version)
    srv.start()
    configure(settings, srv, protocol)
    from django.core.management import call_command

    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    srv.clear_log()
    yield srv
    srv.stop()
    reset_odoo_client()
    forget_targets()


@pytest.fixture
def odoo18(settings):
    srv = OdooTestServer(version=18)
    srv.start()
    configure(settings, srv, "xmlrpc", read=2)
    from django.core.management import call_command

    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    srv.clear_log()
    yield srv
    srv.stop()
    reset_odoo_client()
    forget_targets()


def odoo_order(customer, products, srv, *, quantities=(2, 1)):
    """A local order whose ids point at the test server's fixture sale order (10 units delivered)."""
    from tests.factories import make_order

    fx = srv.fixture
    customer.odoo_partner_id = fx["partner"]
    customer.save()
    for product in products:
        product.odoo_product_id = fx["product"]
        product.save()
    order = make_order(customer, [(p, q, "100.00") for p, q in zip(products, quantities, strict=True)])
    order.odoo_order_id, order.odoo_invoice_id = fx["sale_order"], fx["invoice"]
    order.save()
    order.lines.update(odoo_line_id=fx["sale_line"], odoo_move_id=fx["move"], tax_rate="0.15")
    return order
