"""odoo_check and odoo_setup against the test server: returns locations outside the warehouse,
the least-privilege integration user (rights, e-mail) and the deprecated protocols on 19."""
import io

import pytest
from django.core.management import CommandError, call_command

from integrations.gateway import reset_odoo_client
from integrations.targets import forget_targets
from odoo_testserver.seed import add_api_user
from odoo_testserver.server import OdooTestServer
from tests.integrations.conftest import configure

pytestmark = pytest.mark.django_db
RUNTIME_GROUPS = ["stock.group_stock_user", "account.group_account_invoice"]


@pytest.fixture
def server(request):
    srv = OdooTestServer(version=getattr(request, "param", 18)).start()
    yield srv
    srv.stop()
    reset_odoo_client()
    forget_targets()


def run(command, **options):
    out = io.StringIO()
    try:
        call_command(command, stdout=out, **options)
    except CommandError as exc:
        return False, out.getvalue() + str(exc)
    return True, out.getvalue()


def as_user(settings, srv, protocol, login, key):
    configure(settings, srv, protocol)
    settings.ODOO = {**settings.ODOO, "USER": login, "API_KEY": key}
    reset_odoo_client()
    forget_targets()


def on_hand(srv, product, **ctx):
    return srv.store.env(context=ctx)["product.product"]._read([product], ["qty_available"])[0]["qty_available"]


def test_a_returns_location_inside_the_warehouse_fails_the_check_until_setup_moves_it(settings, server):
    fx = server.fixture
    configure(settings, server, "xmlrpc")
    server.store.add_stock(fx["product"], 3, fx["returns"])  # WH/Returns of the old layout, holding stock
    before = on_hand(server, fx["product"], warehouse_id=1)
    ok, out = run("odoo_check")
    assert not ok and "is inside the warehouse, so Odoo counts returned units there" in out
    assert "Run `python manage.py odoo_setup` to move it under 'Returns area'" in out
    ok, out = run("odoo_setup", yes=True)
    assert ok and f"Moved location {fx['returns']} to Returns area/Returns" in out
    # One write, location_id only; with usage/scrap_location Odoo refuses ("having stock can't be converted").
    assert server.calls(model="stock.location", method="write") == 1
    ok, out = run("odoo_check")
    assert ok and "Odoo is ready for Returnflow." in out
    assert on_hand(server, fx["product"], warehouse_id=1) == before - 3 == on_hand(server, fx["product"])
    assert on_hand(server, fx["product"], location=fx["returns"]) == 3  # still there, still valued stock
    ok, out = run("odoo_setup", yes=True)
    assert ok and "Nothing to do" in out


@pytest.mark.parametrize(("server", "protocol"), [(18, "xmlrpc"), (19, "json2")], indirect=["server"])
def test_the_least_privilege_user_passes_without_ir_model(settings, server, protocol):
    configure(settings, server, protocol)
    assert run("odoo_setup", yes=True)[0]
    add_api_user(server, "returns-bot", api_key="bot-key", groups=RUNTIME_GROUPS, email="bot@example.com")
    as_user(settings, server, protocol, "returns-bot", "bot-key")
    server.clear_log()
    ok, out = run("odoo_check")
    assert ok, out
    assert "odoo_setup needs Inventory / Administrator (not needed to run)" in out
    assert server.calls(model="ir.model") == 0
    ok, out = run("odoo_setup", yes=True)
    assert ok and "Nothing to do" in out


def test_missing_rights_and_a_missing_email_say_how_to_fix_them(settings, server):
    configure(settings, server, "xmlrpc")
    assert run("odoo_setup", yes=True)[0]
    add_api_user(server, "stock-only", api_key="k1", groups=["stock.group_stock_user"], email="s@example.com")
    as_user(settings, server, "xmlrpc", "stock-only", "k1")
    ok, out = run("odoo_check")
    assert not ok and "The Odoo user stock-only may not read sale.order" in out
    assert "Give the user Invoicing / Billing in Odoo" in out
    add_api_user(server, "no-mail", api_key="k2", groups=RUNTIME_GROUPS)
    as_user(settings, server, "xmlrpc", "no-mail", "k2")
    ok, out = run("odoo_check")
    assert not ok and "The Odoo user no-mail has no e-mail address" in out
    assert "Set an e-mail on the user in Odoo" in out


def test_odoo_setup_without_inventory_administrator_says_so(settings, server):
    add_api_user(server, "returns-bot", api_key="bot-key", groups=RUNTIME_GROUPS, email="bot@example.com")
    as_user(settings, server, "xmlrpc", "returns-bot", "bot-key")
    ok, out = run("odoo_setup", yes=True)
    assert not ok and "Inventory / Administrator" in out


@pytest.mark.parametrize(("server", "protocol", "warned"), [
    (19, "xmlrpc", True), (19, "jsonrpc", True), (19, "json2", False), (18, "xmlrpc", False)], indirect=["server"])
def test_rpc_protocols_are_reported_deprecated_on_19(settings, server, protocol, warned):
    configure(settings, server, protocol)
    run("odoo_setup", yes=True)
    ok, out = run("odoo_check")
    assert ok, out
    assert (f"{protocol} is deprecated on Odoo 19" in out) is warned
    assert ("Set ODOO_PROTOCOL=json2" in out) is warned


def test_rights_fall_back_to_has_access_where_check_access_rights_is_missing():
    from integrations.odoo import OdooProgrammingError
    from integrations.readiness import has_right

    class Client:
        def __init__(self):
            self.calls = []

        def call(self, model, method, ids=None, **params):
            self.calls.append((model, method, ids, params))
            if method == "check_access_rights":
                raise OdooProgrammingError("The method 'stock.picking.check_access_rights' does not exist")
            return True

    client = Client()
    assert has_right(client, "stock.picking", "create") is True
    assert client.calls[-1] == ("stock.picking", "has_access", [], {"operation": "create"})


@pytest.mark.parametrize("server", [18, 19], indirect=True)
def test_the_demo_sandbox_layout_is_ready_without_setup(settings, server):
    """`make run`'s sandbox (odoo_sandbox) seeds the returns locations outside the warehouse."""
    server.store.add_returns_area()
    configure(settings, server, "json2" if server.version >= 19 else "xmlrpc")
    ok, out = run("odoo_check")
    assert ok and "Odoo is ready for Returnflow." in out, out
