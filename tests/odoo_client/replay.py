"""Replay recorded exchanges with real Odoo 18/19 against the client.

Each recording (tests/data/odoo/recordings/*.jsonl) holds the raw request a stdlib
client sent to a real server and the raw answer. ``Replay.step(name, call)`` makes the
stub answer the next request with the recorded answer of ``name``, runs ``call``, and
checks that the client sent exactly one request equal to the recorded one: same
method, path, the recorded headers, and the same body once parsed (XML-RPC params via
``xmlrpc.client.loads``; JSON compared as data, the JSON-RPC ``id`` ignored). Types
are compared too, so ``True`` never passes for ``1`` nor ``2`` for ``2.0``.
"""

from __future__ import annotations

import json
import xmlrpc.client
from pathlib import Path

import pytest

from integrations.odoo import OdooError

from .stubs import Reply, StubServer

RECORDINGS = Path(__file__).resolve().parents[1] / "data" / "odoo" / "recordings"

ADMIN_KEY = "test-admin-key-0123456789"
DEMO_KEY = "test-demo-key-0123456789"
WRONG_KEY = "0" * 40
# Placeholders the recordings hold instead of the secrets (recordings/README.md).
SECRETS = {
    "PASSWORD": ADMIN_KEY,
    "DEMO_PASSWORD": DEMO_KEY,
    "<API_KEY>": ADMIN_KEY,
    "<DEMO_API_KEY>": DEMO_KEY,
    "<WRONG_KEY>": WRONG_KEY,
}


def load_recording(name):
    with open(RECORDINGS / name, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def first_difference(sent, recorded, path="$"):
    """None when equal as data *and* types; otherwise where and how they differ."""
    if type(sent) is not type(recorded):
        return f"{path}: sent {sent!r} ({type(sent).__name__}), recorded {recorded!r} ({type(recorded).__name__})"
    if isinstance(sent, dict):
        if sent.keys() != recorded.keys():
            return f"{path}: sent keys {sorted(sent)}, recorded keys {sorted(recorded)}"
        for key in sent:
            found = first_difference(sent[key], recorded[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(sent, (list, tuple)):
        if len(sent) != len(recorded):
            return f"{path}: sent {len(sent)} items, recorded {len(recorded)}: {sent!r} vs {recorded!r}"
        for index, (left, right) in enumerate(zip(sent, recorded, strict=True)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if sent == recorded else f"{path}: sent {sent!r}, recorded {recorded!r}"


def unmask(value):
    """Put the test secrets where the recording has placeholders (whole tokens only)."""
    if isinstance(value, str):
        return SECRETS.get(value, value)
    if isinstance(value, list):
        return [unmask(item) for item in value]
    if isinstance(value, tuple):
        return tuple(unmask(item) for item in value)
    if isinstance(value, dict):
        return {key: unmask(item) for key, item in value.items()}
    return value


def unmask_header(value):
    for placeholder, secret in SECRETS.items():
        if placeholder.startswith("<"):
            value = value.replace(placeholder, secret)
    return value


def parsed_body(protocol, text):
    if text is None or text == "":
        return None
    if protocol == "xmlrpc":
        params, method_name = xmlrpc.client.loads(text)
        return {"methodName": method_name, "params": list(params)}
    data = json.loads(text)
    if protocol == "jsonrpc":
        assert isinstance(data.pop("id", None), int), (
            "JSON-RPC requests carry an integer id"
        )
    return data


class Replay:
    def __init__(self, recording_name):
        self.protocol = recording_name.split("-", 1)[1].split(".")[0]
        self.records = {
            record["step"]: record for record in load_recording(recording_name)
        }
        self.driven = []
        self._expected = None
        self.server = StubServer(self._answer)

    def __enter__(self):
        self.server.__enter__()
        return self

    def __exit__(self, *exc):
        self.server.__exit__(*exc)

    @property
    def url(self):
        return self.server.url

    def _answer(self, request):
        record, self._expected = self._expected, None
        if record is None:
            return Reply(status=599, body="unexpected request: no recorded step is due")
        content_type = (
            "text/xml; charset=utf-8"
            if self.protocol == "xmlrpc"
            else "application/json; charset=utf-8"
        )
        return Reply(
            status=record["status"],
            body=record["response_body"],
            content_type=content_type,
        )

    def step(self, name, call):
        """Run ``call`` against the recorded answer of ``name``; return its result."""
        outcome = self._run(name, call)
        if isinstance(outcome, BaseException):
            pytest.fail(f"step {name}: the client raised {outcome!r}")
        return outcome

    def step_raises(self, name, call, error_class):
        outcome = self._run(name, call)
        if not isinstance(outcome, error_class):
            pytest.fail(
                f"step {name}: expected {error_class.__name__}, got {outcome!r}"
            )
        return outcome

    def _run(self, name, call):
        record = self.records[name]
        before = len(self.server.requests)
        self._expected = record
        try:
            outcome = call()
        except OdooError as err:
            outcome = err
        sent = self.server.requests[before:]
        assert len(sent) == 1, (
            f"step {name}: the client sent {len(sent)} requests, the recording has 1"
        )
        self._check_request(name, record, sent[0])
        self.driven.append(name)
        return outcome

    def _check_request(self, name, record, request):
        assert request.method == record["method"], f"step {name}: HTTP method"
        assert request.path == record["path"], (
            f"step {name}: path {request.path} != {record['path']}"
        )
        sent_headers = {key.lower(): value for key, value in request.headers.items()}
        for key, value in record["request_headers"].items():
            assert sent_headers.get(key.lower()) == unmask_header(value), (
                f"step {name}: header {key}"
            )
        if not record["request_headers"]:
            assert "authorization" not in sent_headers, (
                f"step {name}: must not send credentials"
            )
        sent = parsed_body(
            self.protocol, request.body.decode("utf-8") if request.body else None
        )
        recorded = unmask(parsed_body(self.protocol, record["request_body"]))
        difference = first_difference(sent, recorded)
        assert difference is None, f"step {name}: request body differs at {difference}"

    def undriven(self):
        return [step for step in self.records if step not in self.driven]
