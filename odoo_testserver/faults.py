"""Fault injection and the request log.

Modes (each optionally limited to a protocol, model and/or method, and to ``count``
matching requests; ``count=None`` keeps the rule until it is cleared):

- ``down``: read the request, then close the connection without any response.
- ``slow``: sleep ``seconds`` before handling (``phase='before'``, the default) or after
  the call committed and before answering (``phase='after'``).
- ``http500``: answer HTTP 500 (werkzeug's HTML page) without applying anything.
- ``apply_then_drop``: run the call and commit it, then close without a response: the
  client cannot tell whether the work was done.
- ``serialization_failure``: fail like Odoo after its retries on a concurrent update
  (psycopg2 SerializationFailure: fault 1 / JSON-2 500); nothing applied.
- ``lock_error``: odoo.exceptions.LockError (JSON-2 409); nothing applied.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter, deque
from dataclasses import asdict, dataclass

MODES = ("down", "slow", "http500", "apply_then_drop", "serialization_failure", "lock_error")


@dataclass
class Call:
    """What one HTTP request asks for, as far as logging and fault matching care."""

    protocol: str  # xmlrpc | jsonrpc | json2 | http
    path: str
    service: str | None = None  # common | object | db (RPC)
    model: str | None = None
    method: str | None = None
    uid: int | None = None
    rpc_method: str | None = None  # execute_kw / authenticate ... (RPC protocols)

    @property
    def key(self):
        return f"{self.model}.{self.method}" if self.model else f"{self.service or self.protocol}.{self.method}"


@dataclass
class FaultRule:
    mode: str
    count: int | None = 1
    model: str | None = None
    method: str | None = None
    protocol: str | None = None
    seconds: float = 0.0
    phase: str = "before"
    id: int = 0
    hits: int = 0

    def matches(self, call):
        return ((self.model is None or self.model == call.model)
                and (self.method is None or self.method == call.method)
                and (self.protocol is None or self.protocol == call.protocol))


class FaultInjector:
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []
        self._ids = itertools.count(1)

    def add(self, mode, count=1, model=None, method=None, protocol=None, seconds=0.0, phase="before"):
        if mode not in MODES:
            raise ValueError(f"unknown fault mode {mode!r}; use one of {', '.join(MODES)}")
        if phase not in ("before", "after"):
            raise ValueError("phase must be 'before' or 'after'")
        if count is not None:
            count = int(count)
            if count < 1:
                raise ValueError("count must be >= 1 (or None for 'until cleared')")
        rule = FaultRule(mode, count, model, method, protocol, float(seconds or 0.0), phase, next(self._ids))
        with self._lock:
            self._rules.append(rule)
        return asdict(rule)

    def clear(self, rule_id=None):
        with self._lock:
            self._rules = [r for r in self._rules if rule_id is not None and r.id != rule_id]

    def rules(self):
        with self._lock:
            return [asdict(r) for r in self._rules]

    def take(self, call):
        """The first rule matching the call (its count is used up), or None."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(call):
                    rule.hits += 1
                    if rule.count is not None:
                        rule.count -= 1
                        if rule.count <= 0:
                            self._rules.remove(rule)
                    return FaultRule(**asdict(rule))
        return None


class RequestLog:
    """Every handled request (control endpoints excluded), newest last."""

    def __init__(self, maxlen=20000):
        self._lock = threading.Lock()
        self._entries = deque(maxlen=maxlen)
        self._seq = itertools.count(1)

    def record(self, call, outcome, status, error=None):
        entry = {"seq": next(self._seq), "time": time.time(), "protocol": call.protocol, "path": call.path,
                 "service": call.service, "model": call.model, "method": call.method, "uid": call.uid,
                 "outcome": outcome, "status": status, "error": error}
        with self._lock:
            self._entries.append(entry)
        return entry

    def entries(self):
        with self._lock:
            return list(self._entries)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def count(self, model=None, method=None, protocol=None, outcome=None):
        return sum(1 for e in self.entries()
                   if (model is None or e["model"] == model) and (method is None or e["method"] == method)
                   and (protocol is None or e["protocol"] == protocol)
                   and (outcome is None or e["outcome"] == outcome))

    def summary(self):
        counts = Counter()
        for e in self.entries():
            key = f"{e['model']}.{e['method']}" if e["model"] else f"{e['service'] or e['protocol']}.{e['method']}"
            counts[key] += 1
        return dict(sorted(counts.items()))


__all__ = ["MODES", "Call", "FaultInjector", "FaultRule", "RequestLog"]
