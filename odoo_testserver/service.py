"""Authentication and method dispatch shared by XML-RPC, JSON-RPC and JSON-2.

One call is one transaction (``Store.transaction``): it commits when the method returns
(even when the result is None, which the XML-RPC layer then fails to marshal, exactly
like Odoo) and rolls back completely when it raises.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

from . import acl
from .errors import AccessDenied, AccessError, NotFound, UnprocessableEntity, UserError
from .orm import Env, rpc_method


class DatabaseNotFound(Exception):
    """What PostgreSQL answers for a database that does not exist (a fault 1 in Odoo)."""

    qualname = "psycopg2.OperationalError"

    def __init__(self, db):
        super().__init__(f'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
                         f'FATAL:  database "{db}" does not exist\n')


@dataclass
class Credential:
    uid: int
    login: str
    password: str
    api_keys: set = field(default_factory=set)
    is_admin: bool = False


@dataclass
class Auth:
    db: str
    users: dict  # uid -> Credential

    def by_login(self, login):
        return next((c for c in self.users.values() if c.login == login), None)

    def by_api_key(self, key):
        return next((c for c in self.users.values() if key and key in c.api_keys), None)


def _plain(value):
    """JSON/XML-RPC friendly copy: tuples become lists."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _ids(value):
    if isinstance(value, bool):
        raise TypeError(f"Invalid ids {value!r}")
    if isinstance(value, int):
        return [value]
    if value is None or value is False:
        return []
    if not isinstance(value, (list, tuple)) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
        raise TypeError(f"Invalid ids {value!r}")
    return list(value)


class Service:
    def __init__(self, sandbox):
        self.sandbox = sandbox  # gives .store (swapped by reset) and .auth

    @property
    def store(self):
        return self.sandbox.store

    @property
    def auth(self):
        return self.sandbox.auth

    # ---------------------------------------------------------------- common
    def version(self):
        d = self.store.dialect
        return {"server_version": d.server_version, "server_version_info": d.version_info,
                "server_serie": d.serie, "protocol_version": 1}

    def _check_db(self, db):
        if db != self.auth.db:
            raise DatabaseNotFound(db)

    def _user_active(self, uid):
        row = self.store.tables["res.users"].get(uid)
        return bool(row and row.get("active", True))

    def login(self, db, login, password):
        self._check_db(db)
        cred = self.auth.by_login(login)
        if not cred or not self._user_active(cred.uid):
            return False
        # As in Odoo 18 and 19, an API key is accepted where a password is expected.
        if password and (password == cred.password or password in cred.api_keys):
            return cred.uid
        return False

    def authenticate(self, db, login, password, user_agent_env=None):
        return self.login(db, login, password)

    def check(self, db, uid, password):
        self._check_db(db)
        cred = self.auth.users.get(uid) if isinstance(uid, int) else None
        if not cred or not self._user_active(uid) or not password or \
                (password != cred.password and password not in cred.api_keys):
            raise AccessDenied()
        return cred

    def uid_for_api_key(self, key):
        cred = self.auth.by_api_key(key)
        return cred.uid if cred and self._user_active(cred.uid) else None

    # --------------------------------------------------------------- object
    def execute_kw(self, db, uid, password, model, method, args=None, kwargs=None, *, protocol="xmlrpc"):
        self.check(db, uid, password)
        return self.call(uid, model, method, list(args or []), dict(kwargs or {}), protocol=protocol)

    def execute(self, db, uid, password, model, method, *args, protocol="xmlrpc"):
        self.check(db, uid, password)
        return self.call(uid, model, method, list(args), {}, protocol=protocol)

    def _check_acl(self, uid, model_name, method):
        acl.check(self.store, uid, model_name, method)

    def call(self, uid, model_name, method, args, kwargs, *, protocol="xmlrpc"):
        """execute_kw semantics: positional args (ids first for record methods) + kwargs."""
        store = self.store
        with store.lock:
            if model_name not in store.registry.models:
                raise UserError(f"Object {model_name} doesn't exist")
            if method.startswith("_"):
                raise AccessError(f"Private methods (such as '{model_name}.{method}') cannot be called remotely.")
            kwargs = dict(kwargs)
            context = kwargs.pop("context", None)
            env = Env(store, uid, context if isinstance(context, dict) else {}, protocol)
            model = env[model_name]
            func = rpc_method(model, method)
            if func is None:
                raise AttributeError(f"The method '{model_name}.{method}' does not exist")
            self._check_acl(uid, model_name, method)
            with store.transaction():
                if func._api_model:
                    result = func(model, *args, **kwargs)
                else:
                    if not args:
                        raise TypeError(f"{model_name}.{method}() missing the record ids")
                    ids = _ids(args[0])
                    if method not in ("read", "exists"):
                        env.ensure_exists(model_name, ids)
                    result = func(model, ids, *args[1:], **kwargs)
            if method == "create" and args and isinstance(args[0], dict) and isinstance(result, list):
                result = result[0]  # create(dict) answers an id, create([dict]) a list
            return _plain(result)

    def call_json2(self, uid, model_name, method, body):
        """JSON-2 semantics: named arguments bound to the method's signature."""
        store = self.store
        with store.lock:
            if model_name not in store.registry.models:
                raise NotFound(f"the model '{model_name}' does not exist")
            if method.startswith("_"):
                raise AccessError(f"Private methods (such as '{model_name}.{method}') cannot be called remotely.")
            body = dict(body)
            ids = body.pop("ids", None)
            context = body.pop("context", None)
            env = Env(store, uid, context if isinstance(context, dict) else {}, "json2")
            model = env[model_name]
            func = rpc_method(model, method)
            if func is None:
                raise NotFound(f"The method '{model_name}.{method}' does not exist")
            if ids and func._api_model:
                raise UnprocessableEntity(f"cannot call {model_name}.{method} with ids")
            params = list(inspect.signature(func).parameters.values())[1 if func._api_model else 2:]
            try:
                inspect.Signature(params).bind(**body)
            except TypeError as exc:
                raise UnprocessableEntity(exc.args[0]) from exc
            self._check_acl(uid, model_name, method)
            with store.transaction():
                if func._api_model:
                    result = func(model, **body)
                else:
                    ids = _ids(ids)
                    if method not in ("read", "exists"):
                        env.ensure_exists(model_name, ids)
                    result = func(model, ids, **body)
            return _plain(result)
