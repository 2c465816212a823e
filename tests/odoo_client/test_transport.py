"""Connection handling: timeouts, keep-alive reuse, reconnects, proxy errors, retries."""

from __future__ import annotations

import json
import time
import xmlrpc.client
from contextlib import contextmanager
from dataclasses import replace

import pytest

from integrations.odoo import (
    OdooClient,
    OdooConfig,
    OdooTimeout,
    OdooTransientError,
    OdooUnavailable,
)

from .stubs import FullBacklogListener, Reply, StubServer, closed_port, ok_reply

PROTOCOLS = ["xmlrpc", "jsonrpc", "json2"]
CONFLICT = "could not serialize access due to concurrent update"


def make_client(
    url, protocol, *, connect_timeout=2, read_timeout=5, uid=2, sleeps=None, **kwargs
):
    config = OdooConfig(
        url=url,
        db="returns_lab",
        user="admin",
        api_key="secret-key",
        protocol=protocol,
        connect_timeout=connect_timeout,
        read_timeout=read_timeout,
    )
    sleep = sleeps.append if sleeps is not None else (lambda seconds: None)
    return OdooClient(config, uid=uid, sleep=sleep, **kwargs)


@contextmanager
def serving(responder, protocol, **client_kwargs):
    """A stub server and a client pointed at it, both closed afterwards."""
    with StubServer(responder) as server:
        odoo = make_client(
            server.url + client_kwargs.pop("path", ""), protocol, **client_kwargs
        )
        try:
            yield server, odoo
        finally:
            odoo.close()


def scripted(*replies):
    """Answer the n-th request with the n-th reply factory (the last one repeats)."""
    plan = list(replies)

    def responder(request):
        factory = plan.pop(0) if len(plan) > 1 else plan[0]
        return factory(request)

    return responder


def conflict_reply(protocol, request):
    """How each protocol reports a PostgreSQL serialization failure (rolled back)."""
    traceback = ('Traceback (most recent call last):\n'
                 '  File "/opt/odoo18/odoo/service/model.py", line 156, in retrying\n'
                 '    result = func()\n'
                 f'psycopg2.errors.SerializationFailure: {CONFLICT}\n')
    if protocol == "xmlrpc":
        body = xmlrpc.client.dumps(
            xmlrpc.client.Fault(1, traceback), methodresponse=True
        )
        return Reply(body=body, content_type="text/xml")
    error = {
        "name": "psycopg2.errors.SerializationFailure",
        "message": CONFLICT,
        "arguments": [CONFLICT],
        "context": {},
        "debug": traceback,
    }
    if protocol == "jsonrpc":
        rpc_id = json.loads(request.body)["id"]
        return Reply(
            body=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": rpc_id,
                    "error": {
                        "code": 200,
                        "message": "Odoo Server Error",
                        "data": error,
                    },
                }
            )
        )
    return Reply(status=500, body=json.dumps(error))


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_five_calls_reuse_one_keep_alive_connection(protocol):
    with serving(lambda request: ok_reply(protocol, 1, request), protocol) as (
        server,
        odoo,
    ):
        results = [odoo.search_count("res.partner", []) for _ in range(5)]
    assert results == [1, 1, 1, 1, 1]
    assert len(server.requests) == 5
    assert server.connections == 1


@pytest.mark.parametrize("protocol", ["xmlrpc", "jsonrpc"])
def test_authenticate_runs_once_per_client(protocol):
    with serving(
        lambda request: ok_reply(protocol, 2, request), protocol, uid=None
    ) as (server, odoo):
        for _ in range(3):
            odoo.search_count("res.partner", [])
        assert odoo.uid == 2
    bodies = [request.body for request in server.requests]
    assert sum(b"authenticate" in body for body in bodies) == 1
    assert sum(b"execute_kw" in body for body in bodies) == 3


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_no_answer_after_sending_is_a_timeout_that_may_have_applied(protocol):
    with serving(lambda request: Reply(hang=True), protocol, read_timeout=0.3) as (
        server,
        odoo,
    ):
        started = time.monotonic()
        with pytest.raises(OdooTimeout) as info:
            odoo.create("res.partner", {"name": "Returns Lab Customer"})
        elapsed = time.monotonic() - started
    assert info.value.maybe_applied is True
    assert info.value.retryable is True
    assert 0.25 <= elapsed < 3
    assert len(server.requests) == 1  # never re-sent


def test_read_only_call_is_not_repeated_after_a_timeout_either():
    """The server may still be busy with it; the caller decides when to ask again."""
    with (
        serving(lambda request: Reply(hang=True), "jsonrpc", read_timeout=0.3) as (
            server,
            odoo,
        ),
        pytest.raises(OdooTimeout),
    ):
        odoo.search_count("res.partner", [])
    assert len(server.requests) == 1


def test_connect_timeout_is_separate_from_read_timeout():
    with FullBacklogListener() as listener:
        odoo = make_client(
            f"http://127.0.0.1:{listener.port}",
            "xmlrpc",
            connect_timeout=0.3,
            read_timeout=30,
            retries=0,
        )
        started = time.monotonic()
        with pytest.raises(OdooUnavailable) as info:
            odoo.create("res.partner", {"name": "x"})
        elapsed = time.monotonic() - started
    assert elapsed < 3  # the 30 s read timeout played no part
    assert "within 0.3 s" in info.value.message
    assert info.value.maybe_applied is False


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_closed_port_is_unavailable_and_even_a_create_is_retried(protocol):
    sleeps = []
    odoo = make_client(
        f"http://127.0.0.1:{closed_port()}", protocol, sleeps=sleeps, retries=2
    )
    with pytest.raises(OdooUnavailable) as info:
        odoo.create("res.partner", {"name": "x"})
    assert info.value.retryable is True
    assert info.value.maybe_applied is False
    assert len(sleeps) == 2  # nothing was sent, so re-sending cannot duplicate it
    assert sleeps[1] > sleeps[0]  # exponential backoff


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_reconnects_when_the_server_closed_the_idle_connection(protocol):
    def responder(request):
        return replace(ok_reply(protocol, 7, request), close_after=True)

    with serving(responder, protocol) as (server, odoo):
        assert odoo.create("res.partner", {"name": "a"}) == 7
        time.sleep(0.2)  # the server's FIN arrives while the connection is idle
        assert odoo.create("res.partner", {"name": "b"}) == 7
    assert len(server.requests) == 2  # each create sent exactly once
    assert server.connections == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_write_is_not_resent_when_the_connection_drops_after_sending(protocol):
    def ok(request):
        return ok_reply(protocol, 1, request)

    with serving(scripted(ok, lambda request: Reply(drop=True), ok), protocol) as (
        server,
        odoo,
    ):
        odoo.search_count("res.partner", [])
        with pytest.raises(OdooTimeout) as info:
            odoo.create("res.partner", {"name": "x"})
    assert info.value.maybe_applied is True
    assert len(server.requests) == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_read_only_call_is_resent_once_when_a_reused_connection_drops(protocol):
    def ok(request):
        return ok_reply(protocol, 1, request)

    with serving(scripted(ok, lambda request: Reply(drop=True), ok), protocol) as (
        server,
        odoo,
    ):
        odoo.search_count("res.partner", [])
        assert odoo.search_count("res.partner", []) == 1
    assert len(server.requests) == 3
    assert server.connections == 2


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_proxy_error_pages_are_transient(protocol, status):
    page = Reply(
        status=status,
        body=f"<html><body><h1>{status} Bad Gateway</h1></body></html>",
        content_type="text/html",
    )
    with (
        serving(lambda request: page, protocol, retries=0) as (_server, odoo),
        pytest.raises(OdooTransientError) as info,
    ):
        odoo.search_count("res.partner", [])
    assert info.value.retryable is True
    assert info.value.code == status
    assert isinstance(info.value, OdooTimeout) == (status == 504)


def test_read_only_call_is_retried_after_a_proxy_error():
    sleeps = []
    responder = scripted(
        lambda request: Reply(status=503, body="busy", content_type="text/plain"),
        lambda request: ok_reply("xmlrpc", 4, request),
    )
    with serving(responder, "xmlrpc", sleeps=sleeps) as (server, odoo):
        assert odoo.search_count("res.partner", []) == 4
    assert len(server.requests) == 2
    assert len(sleeps) == 1


def test_write_is_not_retried_after_an_ambiguous_bad_gateway():
    sleeps = []
    bad_gateway = Reply(
        status=502, body="<h1>Bad Gateway</h1>", content_type="text/html"
    )
    with (
        serving(lambda request: bad_gateway, "json2", sleeps=sleeps) as (server, odoo),
        pytest.raises(OdooTransientError) as info,
    ):
        odoo.create("res.partner", {"name": "x"})
    assert info.value.maybe_applied is True
    assert len(server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_serialization_failure_is_transient_and_rolled_back(protocol):
    with (
        serving(
            lambda request: conflict_reply(protocol, request), protocol, retries=0
        ) as (_server, odoo),
        pytest.raises(OdooTransientError) as info,
    ):
        odoo.write("stock.quant", [42], {"inventory_quantity": 5.0})
    assert info.value.retryable is True
    assert info.value.maybe_applied is False
    assert CONFLICT in info.value.message


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_write_is_retried_after_a_serialization_failure(protocol):
    sleeps = []
    responder = scripted(
        lambda request: conflict_reply(protocol, request),
        lambda request: ok_reply(protocol, True, request),
    )
    with serving(responder, protocol, sleeps=sleeps) as (server, odoo):
        assert odoo.write("stock.quant", [42], {"inventory_quantity": 5.0}) is True
    assert len(server.requests) == 2
    assert len(sleeps) == 1


def test_json2_lock_error_is_transient():
    body = json.dumps(
        {
            "name": "odoo.exceptions.LockError",
            "message": "Cannot lock the record",
            "arguments": [],
            "context": {},
            "debug": "",
        }
    )
    with (
        serving(lambda request: Reply(status=409, body=body), "json2", retries=0) as (
            _server,
            odoo,
        ),
        pytest.raises(OdooTransientError) as info,
    ):
        odoo.write("stock.picking", [1], {"origin": "x"})
    assert info.value.code == 409 and info.value.maybe_applied is False


def test_url_path_prefix_is_kept():
    with serving(
        lambda request: ok_reply("xmlrpc", 1, request), "xmlrpc", path="/erp/"
    ) as (server, odoo):
        odoo.search_count("res.partner", [])
    assert server.requests[0].path == "/erp/xmlrpc/2/object"


@pytest.mark.parametrize("server_closes", [False, True])
def test_idle_connection_closed_by_the_server_is_noticed_before_sending(server_closes):
    """Checked before a request is written, so nothing is sent into a dead socket."""

    def responder(request):
        return replace(ok_reply("xmlrpc", 1, request), close_after=server_closes)

    with serving(responder, "xmlrpc") as (_server, odoo):
        odoo.search_count("res.partner", [])
        time.sleep(0.2)
        assert odoo._transport._closed_by_peer() is server_closes
