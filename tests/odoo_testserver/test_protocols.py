"""Protocol envelopes, authentication and the generic ORM, on Odoo 18 and 19."""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path

import pytest

from odoo_testserver import (
    DEFAULT_API_KEY,
    DEFAULT_DEMO_API_KEY,
    OdooTestServer,
)

from .clients import Json2Client, JsonRpcClient, XmlRpcClient, http_post

FIELDS_DIFF = json.loads((Path(__file__).parent / "data" / "fields_diff_18_19.json").read_text())


# ------------------------------------------------------------------ XML-RPC
def test_version_and_authentication(server, xml):
    version = xml.common.version()
    assert version["server_version_info"] == [server.version, 0, 0, "final", 0, ""]
    assert version["protocol_version"] == 1
    assert xml.common.authenticate(server.db, "admin", "admin", {}) == 2
    assert xml.common.login(server.db, "admin", "admin") == 2
    assert xml.common.authenticate(server.db, "admin", "wrong-password", {}) is False
    # An API key works wherever a password is expected (18 and 19).
    assert xml.common.authenticate(server.db, "admin", DEFAULT_API_KEY, {}) == 2
    by_key = XmlRpcClient(server, password=DEFAULT_API_KEY)
    assert by_key("res.partner", "search_count", [("id", "=", server.fixture["partner"])]) == 1
    fault = XmlRpcClient(server, password="wrong-password").fault("res.partner", "search_count", [])
    assert (fault.faultCode, fault.faultString) == (3, "Access Denied")


def test_wrong_database_is_an_application_error(server, xml):
    with pytest.raises(xmlrpc.client.Fault) as info:
        xml.common.authenticate("no_such_db", "admin", "admin", {})
    assert info.value.faultCode == 1 and 'database "no_such_db" does not exist' in info.value.faultString


def test_xmlrpc_framing_is_odoos(server):
    body = xmlrpc.client.dumps((), "version")
    status, headers, text = http_post(server, "/xmlrpc/2/common", body, {"Content-Type": "text/xml"})
    assert status == 200 and headers["Content-Type"].startswith("text/xml")
    assert text.startswith('<?xml version="1.0"?>\n<methodResponse>\n<params>\n')
    assert text.endswith("</params>\n\n</methodResponse>\n")


def test_unknown_model_method_and_private_method(xml):
    fault = xml.fault("no.such.model", "search", [])
    assert (fault.faultCode, fault.faultString) == (2, "Object no.such.model doesn't exist")
    fault = xml.fault("res.partner", "no_such_method", [1])
    assert fault.faultCode == 1 and fault.faultString.endswith(
        "AttributeError: The method 'res.partner.no_such_method' does not exist\n")
    fault = xml.fault("stock.picking", "_action_done", [17])
    assert (fault.faultCode, fault.faultString) == (
        4, "Private methods (such as 'stock.picking._action_done') cannot be called remotely.")


def test_missing_records(xml):
    assert xml("stock.picking", "read", [999999], fields=["name"]) == []
    fault = xml.fault("stock.picking", "write", [999999], {"origin": "x"})
    assert (fault.faultCode, fault.faultString) == (
        2, "Record does not exist or has been deleted.\n(Record: stock.picking(999999,), User: 2)")
    fault = xml.fault("stock.picking", "button_validate", [999999, 999998])
    assert "(Record: stock.picking(999999, 999998), User: 2)" in fault.faultString


def test_demo_user_cannot_read_system_parameters(server):
    demo = XmlRpcClient(server, password="demo", uid=server.fixture["demo_uid"])
    fault = demo.fault("ir.config_parameter", "search_read", [], fields=["key"])
    group = "Administration/Settings" if server.version == 18 else "Role / Administrator"
    assert (fault.faultCode, fault.faultString) == (4, (
        "You are not allowed to access 'System Parameter' (ir.config_parameter) records.\n\n"
        f"This operation is allowed for the following groups:\n\t- {group}\n\n"
        "Contact your administrator to request access if necessary."))
    assert demo("res.partner", "search_count", [("id", "=", server.fixture["partner"])]) == 1
    admin = XmlRpcClient(server)
    assert admin("ir.config_parameter", "get_param", "web.base.url") == "http://localhost:8069"


def test_unknown_field_messages_per_version(server, xml):
    fault = xml.fault("stock.picking", "create", {"picking_type_id": 1, "no_such_field": 1})
    message = ("Invalid field 'no_such_field' on model 'stock.picking'" if server.version == 18
               else "Invalid field 'no_such_field' in 'stock.picking'")
    assert fault.faultCode == 1 and fault.faultString.endswith(f"ValueError: {message}\n")
    fault = xml.fault("stock.picking", "search", [("no_such_field", "=", 1)])
    assert fault.faultString.endswith(f"ValueError: {message}\n")


def test_legacy_xmlrpc_endpoint_string_fault_codes(server):
    legacy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/object")
    args = (server.db, 2, "admin")
    with pytest.raises(xmlrpc.client.Fault) as info:
        legacy.execute_kw(*args, "stock.picking", "write", [[999999], {"origin": "x"}], {})
    assert info.value.faultCode.startswith("warning -- MissingError\n\nRecord does not exist")
    assert info.value.faultString == ""
    with pytest.raises(xmlrpc.client.Fault) as info:
        legacy.execute_kw(*args, "res.partner", "write",
                          [[server.fixture["partner"]], {"parent_id": server.fixture["partner"]}], {})
    assert info.value.faultCode == "warning -- UserError\n\nYou cannot create recursive Partner hierarchies."
    with pytest.raises(xmlrpc.client.Fault) as info:
        legacy.execute_kw(server.db, 2, "bad", "res.partner", "search", [[]], {})
    assert (info.value.faultCode, info.value.faultString) == ("AccessDenied", "Access Denied")


# ----------------------------------------------------------------- JSON-RPC
def test_jsonrpc_envelopes(server, jrpc):
    assert jrpc.call("common", "login", server.db, "admin", "admin") == {"jsonrpc": "2.0", "id": 1, "result": 2}
    error = jrpc("res.partner", "write", [server.fixture["partner"]], {"parent_id": server.fixture["partner"]})
    assert list(error) == ["jsonrpc", "id", "error"]
    assert error["error"]["code"] == (200 if server.version == 18 else 0)
    assert error["error"]["message"] == "Odoo Server Error"
    data = error["error"]["data"]
    order = ["name", "debug", "message", "arguments", "context"] if server.version == 18 else \
        ["name", "message", "arguments", "context", "debug"]
    assert list(data) == order
    assert data["name"] == "odoo.exceptions.ValidationError"
    assert data["arguments"] == ["You cannot create recursive Partner hierarchies."] and data["context"] == {}
    assert data["debug"].endswith("odoo.exceptions.ValidationError: You cannot create recursive Partner hierarchies.\n")
    denied = JsonRpcClient(server, password="nope")("res.partner", "search_count", [])
    assert denied["error"]["data"]["name"] == "odoo.exceptions.AccessDenied"
    quant = server.fixture["quant_stock"]
    assert jrpc("stock.quant", "action_apply_inventory", [quant]) == {"jsonrpc": "2.0", "id": jrpc.ids}


# ------------------------------------------------------------------- JSON-2
def test_json2_absent_in_18(server18):
    status, _headers, data, text = Json2Client(server18).post("res.partner", "search", {"domain": []})
    assert status == 404 and data is None and "Not Found" in text


def test_json2_calls(server19, json2):
    assert json2("res.users", "context_get") == {"lang": "en_US", "tz": "Europe/Brussels", "uid": 2}
    assert json2("res.users", "search", domain=[["login", "=", "admin"]], limit=1) == [2]
    created = json2("res.partner", "create", vals_list={"name": "One"})
    assert isinstance(created, list) and len(created) == 1
    assert len(json2("res.partner", "create", vals_list=[{"name": "A"}, {"name": "B"}])) == 2
    assert json2("res.partner", "read", ids=created, fields=["name"]) == [{"id": created[0], "name": "One"}]
    assert json2("stock.quant", "action_apply_inventory", ids=[server19.fixture["quant_stock"]]) is None
    status, _h, _d, text = json2.post("stock.quant", "action_apply_inventory", {"ids": [39]})
    assert (status, text) == (200, "null")
    status, _h, data, _t = json2.post("res.partner", "search_count", {"domain": []},
                                      headers={"Authorization": f"Bearer {DEFAULT_API_KEY}"})
    assert status == 200 and isinstance(data, int)


def _error(json2, model, method, body, **kw):
    status, headers, data, _text = json2.post(model, method, body, **kw)
    assert list(data) == ["name", "message", "arguments", "context", "debug"]
    return status, headers, data


def test_json2_error_statuses(server19, json2):
    fx = server19.fixture
    status, headers, data = _error(json2, "res.partner", "search_count", {"domain": []}, key="0" * 40)
    assert (status, data["name"], data["message"], data["arguments"]) == (
        401, "werkzeug.exceptions.Unauthorized", "Invalid apikey", ["Invalid apikey", 401])
    assert headers["WWW-Authenticate"] == "Bearer"
    status, headers, data = _error(json2, "res.partner", "search_count", {"domain": []},
                                   headers={"Authorization": None})
    assert status == 401 and data["message"].startswith("User not authenticated")
    cases = [
        ("stock.picking", "write", {"ids": [999999], "vals": {"origin": "x"}}, 404, "odoo.exceptions.MissingError"),
        ("res.partner", "write", {"ids": [fx["partner"]], "vals": {"parent_id": fx["partner"]}}, 422,
         "odoo.exceptions.ValidationError"),
        ("stock.picking", "create", {"vals_list": [{"no_such_field": 1}]}, 500, "builtins.ValueError"),
        ("stock.picking", "_action_done", {"ids": [17]}, 403, "odoo.exceptions.AccessError"),
        ("no.such.model", "search", {"domain": []}, 404, "werkzeug.exceptions.NotFound"),
        ("res.partner", "no_such_method", {"ids": [1]}, 404, "werkzeug.exceptions.NotFound"),
        ("res.partner", "search_count", {"domain": [], "no_such_arg": 1}, 422,
         "werkzeug.exceptions.UnprocessableEntity"),
        ("res.partner", "search_count", {"ids": [1], "domain": []}, 422, "werkzeug.exceptions.UnprocessableEntity"),
        ("res.partner", "search_count", {"args": [[]]}, 422, "werkzeug.exceptions.UnprocessableEntity"),
    ]
    for model, method, body, expected_status, name in cases:
        status, _headers, data = _error(json2, model, method, body)
        assert (status, data["name"]) == (expected_status, name), (model, method, data["message"])
    status, _h, data = _error(json2, "res.partner", "search_count", {"args": [[]]})
    assert data["message"] == "missing a required argument: 'domain'"
    status, _h, data = _error(json2, "ir.config_parameter", "search_read", {"domain": []}, key=DEFAULT_DEMO_API_KEY)
    assert status == 403 and "Role / Administrator" in data["message"]


def test_json2_http_level_errors(server19, json2):
    status, _h, _text = http_post(server19, "/json/2/res.partner/search", "", {}, method="GET")
    assert status == 404
    status, _h, data, _t = json2.post("res.partner", "search", {"domain": []}, headers={"Content-Type": "text/plain"})
    assert status == 415 and data is None
    status, _h, data, _t = json2.post("res.partner", "search", {"domain": []}, headers={"X-Odoo-Database": "other"})
    assert status == 404 and data is None
    conn_status, _h, text = http_post(server19, "/json/2/res.partner/search", "", {"Authorization": "bearer x"},
                                      method="GET")
    assert conn_status == 404 and "Did you mean POST /json/2/<model>/<method>?" in text


def test_json2_request_is_one_transaction(server19, json2):
    fx = server19.fixture
    status, _h, _data, _t = json2.post("res.partner", "write",
                                      {"ids": [fx["partner"]],
                                       "vals": {"comment": "TXN-PROBE", "parent_id": fx["partner"]}})
    assert status == 422
    assert json2("res.partner", "read", ids=[fx["partner"]], fields=["comment"])[0]["comment"] is False


def test_web_version(server):
    status, _h, text = http_post(server, "/web/version", "", {}, method="GET")
    assert status == 200 and json.loads(text)["version_info"][0] == server.version


# ---------------------------------------------------------------- dialects
def test_field_sets_follow_the_18_19_diff():
    registries = {v: OdooTestServer(version=v).store.registry for v in (18, 19)}
    checked = 0
    for model, diff in FIELDS_DIFF.items():
        if model not in registries[18].fields:
            continue
        for fname in diff["removed_in_19"]:
            if fname in registries[18].fields[model]:
                assert fname not in registries[19].fields[model], (model, fname)
                checked += 1
        for fname in diff["added_in_19"]:
            if fname in registries[19].fields[model]:
                assert fname not in registries[18].fields[model], (model, fname)
                checked += 1
    assert checked >= 10


def test_version_specific_fields_over_rpc(server, xml):
    fx = server.fixture
    fields = xml("stock.move", "fields_get", attributes=["type", "required"])
    line_fields = xml("sale.order.line", "fields_get", attributes=["type"])
    if server.version == 18:
        assert fields["name"]["required"] is True
        assert {"tax_id", "product_uom"} <= set(line_fields) and "tax_ids" not in line_fields
        fault = xml.fault("stock.picking", "create", {"picking_type_id": 1, "move_ids": [(0, 0, {
            "product_id": fx["product"], "product_uom_qty": 1, "location_id": 5, "location_dest_id": 37})]})
        assert fault.faultCode == 2 and "Field: Description (name)" in fault.faultString
        assert xml("stock.location", "search", [("scrap_location", "=", True)]) == [16]
    else:
        assert "name" not in fields
        assert {"tax_ids", "product_uom_id"} <= set(line_fields) and "tax_id" not in line_fields
        fault = xml.fault("stock.move", "create", {"name": "x", "product_id": fx["product"]})
        assert fault.faultString.endswith("ValueError: Invalid field 'name' in 'stock.move'\n")
        assert xml("ir.model.fields", "search_count", [("model", "=", "stock.location"),
                                                        ("name", "=", "scrap_location")]) == 0
    assert xml("ir.model", "search_count", [("model", "in", ["stock.picking", "account.move", "stock.scrap"])]) == 3


# ------------------------------------------------------------------ the ORM
def test_domains_order_limit_and_rendering(xml):
    fx = xml.fx
    ids = [xml("res.partner", "create", {"name": n, "email": f"{n.lower()}@x.test", "customer_rank": r})
           for n, r in (("Alpha", 1), ("Beta", 5), ("Gamma", 9))]
    assert xml("res.partner", "search", [("id", "in", ids)], order="name desc") == ids[::-1]
    assert xml("res.partner", "search", [("id", "in", ids)], order="id", limit=1, offset=1) == [ids[1]]
    assert xml("res.partner", "search", ["|", ("name", "=", "Alpha"), ("customer_rank", ">=", 9),
                                         ("id", "in", ids)], order="id") == [ids[0], ids[2]]
    assert xml("res.partner", "search", [("id", "in", ids), "!", ("name", "ilike", "alp")], order="id") == ids[1:]
    assert xml("res.partner", "search", [("id", "in", ids), ("email", "like", "@x.test"),
                                         ("customer_rank", "<", 5)]) == [ids[0]]
    assert xml("res.partner", "search", [("id", "in", ids), ("name", "not in", ["Beta"])],
               order="id") == [ids[0], ids[2]]
    assert xml("res.partner", "search_count", [("id", "in", ids), ("customer_rank", "!=", 5)]) == 2
    rows = xml("stock.picking", "search_read", [("sale_id.client_order_ref", "=", "EXT-SO-0001")],
               fields=["name", "partner_id", "move_ids", "date_done", "backorder_id"])
    assert rows[0]["partner_id"] == [fx["partner"], "Returns Lab Customer"]
    assert rows[0]["backorder_id"] is False and rows[0]["move_ids"] == [fx["move"]]
    assert len(rows[0]["date_done"]) == 19
    assert xml("sale.order", "search_count", [("partner_id", "=", "Returns Lab Customer")]) == 1
    assert xml("stock.location", "search", [("id", "child_of", fx["wh_view"]), ("usage", "=", "internal")],
               order="id") == [fx["stock"], fx["returns"]]
    assert xml("sale.order", "search_read", [("client_order_ref", "=", "EXT-SO-0001")], fields=["name"]) == [
        {"id": fx["sale_order"], "name": "S00025"}]


def test_recursive_partner_create_and_hierarchy(xml):
    parent = xml("res.partner", "create", {"name": "Parent Co", "is_company": True})
    child = xml("res.partner", "create", {"name": "Kid", "parent_id": parent})
    assert xml("res.partner", "read", [child], fields=["display_name"])[0]["display_name"] == "Parent Co, Kid"
    fault = xml.fault("res.partner", "write", [parent], {"parent_id": child})
    assert (fault.faultCode, fault.faultString) == (2, "You cannot create recursive Partner hierarchies.")


def test_read_group_and_access_helpers(server, xml):
    fx = server.fixture
    groups = xml("stock.quant", "read_group", [("product_id", "=", fx["product"])], ["quantity:sum"], ["location_id"])
    by_location = {g["location_id"][0]: (g["quantity"], g["location_id_count"]) for g in groups}
    assert by_location[fx["stock"]] == (990.0, 1) and by_location[fx["customers"]] == (10.0, 1)
    assert xml("ir.config_parameter", "check_access_rights", "read") is True
    demo = XmlRpcClient(server, password="demo", uid=fx["demo_uid"])
    assert demo("ir.config_parameter", "check_access_rights", "read", raise_exception=False) is False
    assert demo("stock.picking", "check_access_rights", "write") is True
    assert demo("res.users", "has_group", [fx["demo_uid"]], "base.group_system") is False
    assert xml("res.users", "has_group", [2], "base.group_system") is True
