"""Contract test: every recorded exchange with real Odoo 18/19, replayed on the sandbox.

One test case per exchange (``odoo18-xmlrpc::receipt_create``). A recording file is
replayed once, in order, against its own fresh sandbox (session cache, so it also works
per xdist worker); each case then checks its own exchange. Rules: compare.py.
"""

from __future__ import annotations

import pytest

from odoo_testserver import OdooTestServer

from .compare import compare_exchange
from .replay import RECORDINGS, Replayer, load_recording

_CACHE = {}


def _cases():
    for name in RECORDINGS:
        for record in load_recording(name):
            yield pytest.param(name, record["step"], id=f"{name}::{record['step']}")


def _replayed(name):
    if name not in _CACHE:
        version = RECORDINGS[name]
        records = load_recording(name)
        server = OdooTestServer(version=version).start()
        try:
            replayer = Replayer(server)
            outcomes = replayer.run(records)
        finally:
            server.stop()
        _CACHE[name] = (replayer, outcomes)
    return _CACHE[name]


def test_every_recording_is_present():
    for name in RECORDINGS:
        steps = [r["step"] for r in load_recording(name)]
        assert len(steps) == len(set(steps)), f"duplicate step names in {name}"
        assert len(steps) >= 53


@pytest.mark.parametrize(("name", "step"), list(_cases()))
def test_recorded_exchange(name, step):
    replayer, outcomes = _replayed(name)
    outcome = outcomes[step]
    problems = compare_exchange(outcome, replayer, outcome.method)
    assert not problems, f"{name}::{step} differs from real Odoo:\n  " + "\n  ".join(problems) + \
        f"\n--- sent:\n{(outcome.sent_body or '')[:1500]}\n--- got ({outcome.status}):\n{outcome.body[:3000]}"
