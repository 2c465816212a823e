"""In-memory tables with PostgreSQL-like transactions.

Every RPC request is one transaction, as in Odoo: all row changes go through ``insert``,
``update`` and ``delete``, which keep an undo journal, so a request that fails is rolled
back entirely. Record ids come from counters that are *not* rolled back (like PostgreSQL
sequences, a failed create leaves a gap); document-name counters (WH/IN/00001,
RINV/2026/00001) are rolled back with the data.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import UTC, datetime

from .fields import DATETIME_FORMAT


class Store:
    def __init__(self, registry):
        self.registry = registry
        self.dialect = registry.dialect
        self.version = registry.dialect.version
        self.lock = threading.RLock()  # one transaction at a time (requests are serialized)
        self.tables = {name: {} for name in registry.models}
        self.next_ids = {name: 1 for name in registry.models}
        self.counters = {}
        self._journal = None
        self._touched = None
        self.fixed_now = None  # tests may pin the clock ("YYYY-MM-DD HH:MM:SS")

    # ------------------------------------------------------------------ clock
    def now(self):
        if self.fixed_now:
            return self.fixed_now
        return datetime.now(UTC).strftime(DATETIME_FORMAT)

    def today(self):
        return self.now()[:10]

    # ------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self):
        """Run a block as one transaction; nested use joins the outer one."""
        with self.lock:
            if self._journal is not None:
                yield
                return
            self._journal, self._touched = [], set()
            try:
                yield
            except BaseException:
                self._rollback()
                raise
            finally:
                self._journal, self._touched = None, None

    def _remember(self, model, rid):
        if self._journal is None:
            return
        key = (model, rid)
        if key in self._touched:
            return
        self._touched.add(key)
        old = self.tables[model].get(rid)
        self._journal.append(("row", model, rid, dict(old) if old is not None else None))

    def _rollback(self):
        for entry in reversed(self._journal):
            if entry[0] == "row":
                _kind, model, rid, old = entry
                if old is None:
                    self.tables[model].pop(rid, None)
                else:
                    self.tables[model][rid] = old
            else:
                _kind, key, old = entry
                if old is None:
                    self.counters.pop(key, None)
                else:
                    self.counters[key] = old

    # ------------------------------------------------------------------- rows
    def new_id(self, model):
        rid = self.next_ids[model]
        self.next_ids[model] = rid + 1
        return rid

    def reserve_id(self, model, rid):
        """Seeds create rows with fixed ids; later ids must not collide with them."""
        if rid >= self.next_ids[model]:
            self.next_ids[model] = rid + 1

    def set_next_id(self, model, rid):
        self.next_ids[model] = max(int(rid), max(self.tables[model], default=0) + 1)

    def insert(self, model, rid, row):
        if rid in self.tables[model]:
            raise ValueError(f"{model} id {rid} already exists")
        self._remember(model, rid)
        self.tables[model][rid] = dict(row)
        self.reserve_id(model, rid)

    def update(self, model, rid, changes):
        self._remember(model, rid)
        row = dict(self.tables[model][rid])
        row.update(changes)
        self.tables[model][rid] = row

    def delete(self, model, rid):
        self._remember(model, rid)
        self.tables[model].pop(rid, None)

    def row(self, model, rid):
        return self.tables[model].get(rid)

    # --------------------------------------------------------------- counters
    def next_number(self, key, start=1):
        """Next value of a document-name counter (rolled back with the transaction)."""
        old = self.counters.get(key)
        if self._journal is not None:
            self._journal.append(("counter", key, old))
        value = start if old is None else old
        self.counters[key] = value + 1
        return value

    def set_counter(self, key, next_value):
        self.counters[key] = next_value
