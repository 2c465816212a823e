"""Fixtures for the Odoo test sandbox's own tests (no Django needed)."""

from __future__ import annotations

import pytest

from odoo_testserver import OdooTestServer

from .clients import Json2Client, JsonRpcClient, XmlRpcClient


@pytest.fixture
def server18():
    srv = OdooTestServer(version=18).start()
    yield srv
    srv.stop()


@pytest.fixture
def server19():
    srv = OdooTestServer(version=19).start()
    yield srv
    srv.stop()


@pytest.fixture(params=[18, 19], ids=["odoo18", "odoo19"])
def server(request):
    srv = OdooTestServer(version=request.param).start()
    yield srv
    srv.stop()


@pytest.fixture
def xml(server):
    return XmlRpcClient(server)


@pytest.fixture
def jrpc(server):
    return JsonRpcClient(server)


@pytest.fixture
def json2(server19):
    return Json2Client(server19)
