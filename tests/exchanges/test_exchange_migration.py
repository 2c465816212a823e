"""Moving ExchangeRequest from the portal to exchanges/ keeps the rows: the portal's migrations alone
(exchanges unapplied) hold an exchange, and after migrating forward it is an exchanges.ExchangeRequest
with the same values. Migrations run as the owner role, as `manage.py migrate` does."""
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exchanges.models import ExchangeRequest
from tests.database_roles import app_credentials, connect_as, owner_credentials
from tests.factories import create_return, make_order, make_product

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("portal", "0002_exchanges"), ("exchanges", None)]
AFTER = [("portal", "0003_exchangerequest_moved_to_exchanges"),
         ("exchanges", "0002_replacement_orders_and_trusted_customers")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def test_the_portal_s_exchange_rows_survive_the_move(alice, tshirt):
    tee_l = make_product("TSHIRT-L", name="Organic T-shirt L")
    ret = create_return(make_order(alice, [(tshirt, 1, "20.00")]), alice.user)
    line = ret.lines.get()
    owner = owner_credentials()
    connect_as(owner)
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO portal_exchangerequest (quantity, unit_price_paid, state, created_at, "
                           "replacement_id, return_line_id) VALUES (1, 24.20, 'reserved', now(), %s, %s)",
                           [tee_l.pk, line.pk])
        _migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('portal_exchangerequest'), to_regclass('exchanges_exchangerequest')")
            assert cursor.fetchone() == (None, "exchanges_exchangerequest")
    finally:
        connect_as(app_credentials() if owner else None)
    exchange = ExchangeRequest.objects.get(return_line=line)  # read as the app role: its grants survived
    assert (exchange.replacement_id, exchange.quantity, exchange.state) == (tee_l.pk, 1, "reserved")
    assert exchange.unit_price_paid == Decimal("24.20") and exchange.replacement_unit_price is None
    assert exchange.unit_difference == 0  # an older row: the replacement costs what was paid
    assert line.exchange == exchange
