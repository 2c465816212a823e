"""Fault injection (Python and HTTP control API), the request log, reset, and the CLI."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import pytest

from odoo_testserver import BANNER

from .clients import Json2Client, XmlRpcClient, http_post
from .test_workflows import credit_note, return_receipt

ROOT = Path(__file__).resolve().parents[2]


def control(server, method, name, body=None):
    status, _headers, text = http_post(server, f"/__testserver__/{name}", json.dumps(body) if body is not None else "",
                                       {"Content-Type": "application/json"}, method=method)
    return status, json.loads(text)


def raw_execute_kw(server, model, method, args, kwargs=None):
    """One XML-RPC call on one connection, without xmlrpc.client's automatic retry."""
    body = xmlrpc.client.dumps((server.db, 2, "admin", model, method, args, kwargs or {}), "execute_kw")
    status, _headers, text = http_post(server, "/xmlrpc/2/object", body, {"Content-Type": "text/xml"})
    return status, xmlrpc.client.loads(text)[0][0]


def test_down_drops_the_connection_then_recovers(server, xml):
    server.add_fault("down", count=1)
    with pytest.raises(http.client.RemoteDisconnected):
        raw_execute_kw(server, "res.partner", "search_count", [[]])
    assert raw_execute_kw(server, "res.partner", "search_count", [[]])[0] == 200
    assert server.calls(model="res.partner", method="search_count") == 2
    assert [e["outcome"] for e in server.request_log] == ["dropped", "ok"]


def test_xmlrpc_client_retries_once_after_a_drop(server, xml):
    # xmlrpc.client.Transport silently resends a request once when the connection was
    # closed without an answer: one "down" is invisible to it, two are not.
    server.add_fault("down", count=1)
    assert xml.common.version()["server_version_info"][0] == server.version
    server.add_fault("down", count=2)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        xml.common.version()


def test_down_until_cleared_only_for_one_method(server, xml):
    rule = server.add_fault("down", count=None, model="stock.picking", method="create")
    for _ in range(2):
        with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
            return_receipt(XmlRpcClient(server), 1)
    assert xml("stock.picking", "search_count", [("origin", "=", "RET-T1")]) == 0  # nothing was applied
    assert server.list_faults()[0]["id"] == rule["id"]
    server.clear_faults()
    assert isinstance(return_receipt(xml, 1), int)


def test_slow_answers_late(server, xml):
    server.add_fault("slow", seconds=0.4, model="res.partner", method="search_count")
    start = time.monotonic()
    assert xml("res.partner", "search_count", []) > 0
    assert time.monotonic() - start >= 0.4
    start = time.monotonic()
    xml("res.partner", "search_count", [])
    assert time.monotonic() - start < 0.3  # count=1: used up


def test_slow_after_commit_times_out_a_client_but_applies(server):
    server.add_fault("slow", seconds=1.0, phase="after", model="stock.picking", method="create")
    transport = _TimeoutTransport(0.3)
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", transport=transport)
    fx = server.fixture
    vals = {"picking_type_id": fx["in_type"], "location_id": fx["customers"], "location_dest_id": fx["returns"],
            "origin": "RET-SLOW"}
    with pytest.raises(OSError):  # socket.timeout is an OSError
        models.execute_kw(server.db, 2, "admin", "stock.picking", "create", [vals], {})
    assert XmlRpcClient(server)("stock.picking", "search_count", [("origin", "=", "RET-SLOW")]) == 1


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout):
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def test_http500_applies_nothing(server, xml):
    server.add_fault("http500", model="stock.picking", method="create")
    with pytest.raises(xmlrpc.client.ProtocolError) as info:
        return_receipt(XmlRpcClient(server), 1)
    assert info.value.errcode == 500
    assert xml("stock.picking", "search_count", [("origin", "=", "RET-T1")]) == 0
    assert server.calls(outcome="http500") == 1


def test_apply_then_drop_commits_without_answer(server, xml):
    cn = credit_note(xml)
    server.add_fault("apply_then_drop", model="account.move", method="action_post")
    with pytest.raises(http.client.RemoteDisconnected):
        raw_execute_kw(server, "account.move", "action_post", [[cn]])
    assert xml("account.move", "read", [cn], fields=["state"])[0]["state"] == "posted"
    assert server.calls(model="account.move", method="action_post", outcome="dropped_after_apply") == 1


def test_apply_then_drop_with_xmlrpc_client_retry_shows_the_hazard(server, xml):
    # The automatic resend of xmlrpc.client posts again: the first post was committed,
    # so the resent one fails with "must be in draft" -- a client must re-read instead.
    cn = credit_note(xml)
    server.add_fault("apply_then_drop", model="account.move", method="action_post")
    fault = xml.fault("account.move", "action_post", [cn])
    assert fault.faultCode == 2 and fault.faultString.endswith(f"(id {cn}) must be in draft.")


def test_serialization_failure_and_lock_error(server19):
    xml, json2 = XmlRpcClient(server19), Json2Client(server19)
    server19.add_fault("serialization_failure", model="stock.picking", method="create", protocol="xmlrpc")
    fault = xml.fault("stock.picking", "create", {"picking_type_id": 1, "origin": "RET-SER"})
    assert fault.faultCode == 1 and fault.faultString.endswith(
        "psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update\n")
    assert xml("stock.picking", "search_count", [("origin", "=", "RET-SER")]) == 0
    server19.add_fault("serialization_failure", protocol="json2")
    status, _h, data, _t = json2.post("res.partner", "search_count", {"domain": []})
    assert (status, data["name"]) == (500, "psycopg2.errors.SerializationFailure")
    server19.add_fault("lock_error", protocol="json2")
    status, _h, data, _t = json2.post("res.partner", "search_count", {"domain": []})
    assert (status, data["name"]) == (409, "odoo.exceptions.LockError")


def test_bad_fault_rules_are_refused(server):
    with pytest.raises(ValueError):
        server.add_fault("explode")
    status, data = control(server, "POST", "faults", {"mode": "slow", "count": 0})
    assert status == 400 and "count" in data["error"]


def test_http_control_api_and_reset(server, xml):
    status, data = control(server, "POST", "faults", {"mode": "down", "model": "account.move", "method": "action_post"})
    assert status == 200 and data["rule"]["mode"] == "down"
    cn = credit_note(xml)
    with pytest.raises(http.client.RemoteDisconnected):
        raw_execute_kw(server, "account.move", "action_post", [[cn]])
    status, state = control(server, "GET", "state")
    assert state["sandbox"] == BANNER and state["db"] == server.db and state["faults"] == []
    assert state["calls"] == {"account.move.action_post": 1, "account.move.create": 1}
    control(server, "POST", "faults", {"mode": "slow", "seconds": 5, "count": None})
    status, data = control(server, "DELETE", "faults")
    assert data["faults"] == []
    status, data = control(server, "POST", "reset", {})
    assert status == 200 and data["state"]["requests"] == 0
    assert xml("account.move", "search_count", [("id", "=", cn)]) == 0  # the data is fresh again


def test_request_log_counts_protocols(server19):
    Json2Client(server19)("res.partner", "search_count", domain=[])
    XmlRpcClient(server19)("res.partner", "search_count", [])
    assert server19.calls(model="res.partner", method="search_count") == 2
    assert server19.calls(model="res.partner", protocol="json2") == 1
    assert {e["protocol"] for e in server19.request_log} == {"json2", "xmlrpc"}


def test_concurrent_clients_get_unique_documents(server):
    import threading

    results, errors = [], []

    def worker():
        try:
            x = XmlRpcClient(server)
            pid = return_receipt(x, 1)
            x("stock.picking", "action_confirm", [pid])
            x("stock.picking", "button_validate", [pid])
            results.append(x("stock.picking", "read", [pid], fields=["name"])[0]["name"])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(results)) == 8


def test_cli_runs_a_separate_process():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "odoo_testserver", "--port", "0", "--version", "19",
                             "--db", "cli_db", "--password", "pw", "--api-key", "K" * 40], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        banner = proc.stdout.readline()
        assert banner.startswith(f"{BANNER} listening on http://127.0.0.1:"), banner + proc.stderr.read()
        url = banner.split(" listening on ", 1)[1].split(" ", 1)[0]
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        assert common.authenticate("cli_db", "admin", "pw", {}) == 2
        host, port = url.rsplit(":", 1)
        conn = http.client.HTTPConnection(host.split("//")[1], int(port), timeout=10)
        conn.request("POST", "/json/2/res.users/context_get", body=b"{}",
                     headers={"Content-Type": "application/json", "Authorization": "bearer " + "K" * 40})
        assert json.loads(conn.getresponse().read())["uid"] == 2
        conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
