"""Settings from the environment, 18 vs 19 field names, value conversion."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integrations.odoo import OdooConfig, OdooDialect
from integrations.odoo.client import _plain

FULL_ENV = {
    "ODOO_URL": "https://erp.example.test/",
    "ODOO_DB": "returns_lab",
    "ODOO_USER": "admin",
    "ODOO_API_KEY": "0123456789abcdef",
    "ODOO_PROTOCOL": "JSON2",
    "ODOO_CONNECT_TIMEOUT": "2.5",
    "ODOO_READ_TIMEOUT": "45",
}


def test_config_from_env_reads_every_variable():
    config = OdooConfig.from_env(FULL_ENV)
    assert config.url == "https://erp.example.test"
    assert (config.db, config.user, config.api_key) == (
        "returns_lab",
        "admin",
        "0123456789abcdef",
    )
    assert config.protocol == "json2"
    assert (config.connect_timeout, config.read_timeout) == (2.5, 45.0)
    assert config.is_configured


def test_config_defaults_to_xmlrpc_and_is_not_configured_when_empty():
    config = OdooConfig.from_env({})
    assert config.protocol == "xmlrpc"
    assert (config.connect_timeout, config.read_timeout) == (5, 30)
    assert not config.is_configured


@pytest.mark.parametrize(
    "missing, protocol, configured",
    [
        ("ODOO_DB", "xmlrpc", False),
        ("ODOO_USER", "jsonrpc", False),
        ("ODOO_API_KEY", "xmlrpc", False),
        ("ODOO_DB", "json2", True),  # one database behind the server: no header needed
        ("ODOO_API_KEY", "json2", False),
    ],
)
def test_is_configured_needs_what_the_protocol_uses(missing, protocol, configured):
    env = {**FULL_ENV, "ODOO_PROTOCOL": protocol, missing: ""}
    assert OdooConfig.from_env(env).is_configured is configured


@pytest.mark.parametrize(
    "name, value",
    [
        ("ODOO_PROTOCOL", "soap"),
        ("ODOO_READ_TIMEOUT", "thirty"),
        ("ODOO_CONNECT_TIMEOUT", "0"),
    ],
)
def test_malformed_settings_fail_loudly(name, value):
    with pytest.raises(ValueError):
        OdooConfig.from_env({**FULL_ENV, name: value})


def test_config_from_a_settings_dict_with_numbers():
    """The shape of Django's settings.ODOO, re-keyed as ODOO_*."""
    settings_odoo = {
        "URL": "http://odoo:8069",
        "DB": "returns_lab",
        "USER": "admin",
        "API_KEY": "k",
        "PROTOCOL": "xmlrpc",
        "CONNECT_TIMEOUT": 5,
        "READ_TIMEOUT": 30,
    }
    config = OdooConfig.from_env({f"ODOO_{k}": v for k, v in settings_odoo.items()})
    assert (config.connect_timeout, config.read_timeout) == (5.0, 30.0)
    assert config.is_configured


def test_api_key_stays_out_of_repr():
    assert "0123456789abcdef" not in repr(OdooConfig.from_env(FULL_ENV))


@pytest.mark.parametrize(
    "version, major",
    [
        (
            {
                "server_version": "18.0-20250506",
                "server_version_info": [18, 0, 0, "final", 0, ""],
            },
            18,
        ),
        (
            {
                "server_version_info": [19, 0, 0, "final", 0, ""],
                "version_info": [19, 0, 0, "final", 0, ""],
            },
            19,
        ),
        (
            {"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0+e-20251227"},
            19,
        ),
        (
            {
                "server_version": "saas~18.2+e",
                "server_version_info": ["saas~18", 2, 0, "final", 0, "e"],
            },
            18,
        ),
        ({"server_version": "17.0"}, 17),
    ],
)
def test_dialect_major_from_any_version_answer(version, major):
    assert OdooDialect.from_version(version).major == major


def test_odoo19_field_names():
    dialect = OdooDialect(19)
    assert dialect.sale_line_fields() == [
        "product_id",
        "product_uom_qty",
        "qty_delivered",
        "qty_invoiced",
        "price_unit",
        "tax_ids",
        "product_uom_id",
        "move_ids",
    ]
    assert dialect.move_vals(
        {"product_id": 56, "name": "ignored"}, name="Return R1"
    ) == {"product_id": 56}
    assert dialect.scrap_location_domain(1)[0] == ("usage", "=", "inventory")


@pytest.mark.parametrize("major", [17, 18])
def test_odoo18_and_older_field_names(major):
    dialect = OdooDialect(major)
    assert {"tax_id", "product_uom"} <= set(dialect.sale_line_fields())
    assert dialect.move_vals({"product_id": 49}, name="Return R1") == {
        "name": "Return R1",
        "product_id": 49,
    }
    assert dialect.scrap_location_domain(1)[0] == ("scrap_location", "=", True)


def test_sale_lines_read_the_same_on_every_version():
    row18 = {"id": 51, "tax_id": [1], "product_uom": [1, "Units"]}
    row19 = {"id": 51, "tax_ids": [1], "product_uom_id": [1, "Units"]}
    assert OdooDialect(18).normalize_sale_line(row18) == row19
    assert OdooDialect(19).normalize_sale_line(row19) == row19


def test_django_values_become_odoo_values():
    aware = dt.datetime(2026, 11, 22, 21, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    value = {
        "price_unit": Decimal("19.90"),
        "date": dt.date(2026, 11, 22),
        "at": aware,
        "lines": [(6, 0, {51})],
    }
    assert _plain(value) == {
        "price_unit": 19.9,
        "date": "2026-11-22",
        "at": "2026-11-22 20:30:00",
        "lines": [[6, 0, [51]]],
    }
