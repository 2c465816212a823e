"""Registry (the models of one Odoo version), environment (who calls, with which
context) and the decorators that mark the methods callable over RPC."""

from __future__ import annotations

from .errors import MissingError
from .fields import Field


class api:
    @staticmethod
    def model(func):
        func._rpc, func._api_model = True, True
        return func

    @staticmethod
    def records(func):
        func._rpc, func._api_model = True, False
        return func


class Registry:
    """The models of one Odoo version, with fields filtered and renamed for it."""

    def __init__(self, dialect, model_classes):
        self.dialect = dialect
        self.models = {}
        self.fields = {}
        for cls in model_classes:
            self.models[cls._name] = cls
            self.fields[cls._name] = self._bind_fields(cls)

    def _bind_fields(self, cls):
        bound = {}
        for klass in reversed(cls.__mro__):
            for canonical, value in vars(klass).items():
                if not isinstance(value, Field):
                    continue
                if not self.dialect.field_exists(cls._name, canonical):
                    bound.pop(canonical, None)
                    continue
                public = self.dialect.fname(cls._name, canonical)
                bound.pop(canonical, None)
                bound[public] = value.bind(public, cls._name)
        return bound


class Env:
    """Who is calling (uid), with which context, on which store."""

    def __init__(self, store, uid, context=None, protocol=None):
        self.store = store
        self.registry = store.registry
        self.dialect = store.dialect
        self.version = store.version
        self.uid = uid
        self.context = dict(context or {})
        self.protocol = protocol

    def __getitem__(self, model_name):
        cls = self.registry.models.get(model_name)
        if cls is None:
            raise KeyError(model_name)
        return cls(self)

    def __contains__(self, model_name):
        return model_name in self.registry.models

    def with_context(self, **extra):
        return Env(self.store, self.uid, dict(self.context, **extra), self.protocol)

    def fname(self, model, canonical):
        return self.dialect.fname(model, canonical)

    def now(self):
        return self.store.now()

    def today(self):
        return self.store.today()

    def ensure_exists(self, model, ids):
        table = self.store.tables[model]
        missing = [i for i in ids if i not in table]
        if missing:
            raise MissingError(
                "Record does not exist or has been deleted.\n"
                f"(Record: {model}{tuple(missing)!r}, User: {self.uid})"
            )


def rpc_method(model, name):
    """The RPC-callable function of a model, or None (private names never resolve)."""
    if name.startswith("_"):
        return None
    func = getattr(type(model), name, None)
    return func if callable(func) and getattr(func, "_rpc", False) else None
