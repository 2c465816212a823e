"""Field types: how a value sent by a client is stored, and how ``read`` renders it.

Rendering follows what the recordings show: many2one as ``[id, display_name]`` (or
``false``), x2many as a list of ids, dates as ``"YYYY-MM-DD HH:MM:SS"`` strings, floats as
floats even when an int was sent, and ``false`` for any empty value.
"""

from __future__ import annotations

import copy
from datetime import datetime

DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
DATE_FORMAT = "%Y-%m-%d"


class Field:
    type = None
    stored = True  # kept in the row (x2many one2many and computed fields are not)

    def __init__(self, string=None, *, required=False, readonly=False, default=None,
                 compute=None, related=None, inverse=None, help=None):
        self.string = string
        self.required = required
        self.readonly = readonly or bool(compute or related) and not inverse
        self.default = default
        self.compute = compute  # name of a model method (row) -> value
        self.related = related  # "a.b" path, read through many2one fields
        self.inverse = inverse  # name of a model method (ids, value) for writable computed
        self.help = help
        self.name = None
        self.model_name = None
        if compute or related:
            self.stored = False

    def bind(self, name, model_name):
        """A copy of the field attached to one model of one version's registry."""
        bound = copy.copy(self)
        bound.name = name
        bound.model_name = model_name
        if bound.string is None:
            bound.string = name.replace("_", " ").title()
        return bound

    def null(self):
        return False

    def default_value(self, env):
        value = self.default(env) if callable(self.default) else self.default
        return self.null() if value is None else value

    def to_cache(self, value, env):
        return value

    def to_read(self, value, env, load="_classic_read"):
        return self.null() if value is None else value

    def describe(self):
        desc = {"type": self.type, "string": self.string, "required": self.required,
                "readonly": self.readonly, "store": self.stored}
        if self.help:
            desc["help"] = self.help
        return desc

    def _wrong(self, value):
        return ValueError(f"Wrong value for {self.model_name}.{self.name}: {value!r}")


class Char(Field):
    type = "char"

    def to_cache(self, value, env):
        if value is None or value is False:
            return False
        if isinstance(value, (list, dict)):
            raise self._wrong(value)
        return str(value)


class Text(Char):
    type = "text"


class Html(Char):
    type = "html"


class Boolean(Field):
    type = "boolean"

    def to_cache(self, value, env):
        return bool(value)


class Integer(Field):
    type = "integer"

    def null(self):
        return 0

    def to_cache(self, value, env):
        if value is None or value is False:
            return 0
        if isinstance(value, (list, dict, str)) and not str(value).lstrip("-").isdigit():
            raise self._wrong(value)
        return int(value)


class Float(Field):
    type = "float"

    def null(self):
        return 0.0

    def to_cache(self, value, env):
        if value is None or value is False:
            return 0.0
        if isinstance(value, (list, dict)):
            raise self._wrong(value)
        return float(value)

    def to_read(self, value, env, load="_classic_read"):
        return float(value or 0.0)


class Monetary(Float):
    type = "monetary"


class Selection(Field):
    type = "selection"

    def __init__(self, selection, string=None, **kw):
        super().__init__(string, **kw)
        self.selection = selection

    def to_cache(self, value, env):
        if value is None or value is False:
            return False
        if value not in {key for key, _label in self.selection}:
            raise self._wrong(value)
        return value

    def describe(self):
        return dict(super().describe(), selection=[list(item) for item in self.selection])


class Date(Field):
    type = "date"

    def to_cache(self, value, env):
        if not value:
            return False
        text = str(value)
        # A datetime string is accepted for a date field; only its date part is kept.
        return datetime.strptime(text[:10], DATE_FORMAT).strftime(DATE_FORMAT)


class Datetime(Field):
    type = "datetime"

    def to_cache(self, value, env):
        if not value:
            return False
        text = str(value).replace("T", " ")
        if len(text) == 10:
            text += " 00:00:00"
        return datetime.strptime(text[:19], DATETIME_FORMAT).strftime(DATETIME_FORMAT)


class Many2one(Field):
    type = "many2one"

    def __init__(self, relation, string=None, *, ondelete="set null", **kw):
        super().__init__(string, **kw)
        self.relation = relation
        self.ondelete = ondelete

    def to_cache(self, value, env):
        if value is None or value is False:
            return False
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._wrong(value)
        env.ensure_exists(self.relation, [value])
        return value

    def to_read(self, value, env, load="_classic_read"):
        if not value:
            return False
        if load != "_classic_read":
            return value
        return [value, env[self.relation].display_name_of(value)]

    def describe(self):
        return dict(super().describe(), relation=self.relation)


class _X2many(Field):
    def __init__(self, relation, string=None, **kw):
        super().__init__(string, **kw)
        self.relation = relation

    def null(self):
        return []

    def default_value(self, env):
        return []

    def to_read(self, value, env, load="_classic_read"):
        return list(value or [])

    def describe(self):
        return dict(super().describe(), relation=self.relation)


class One2many(_X2many):
    """Not stored: the children are the comodel rows whose ``inverse_name`` points here."""

    type = "one2many"
    stored = False

    def __init__(self, relation, inverse_name, string=None, *, domain=None, cascade=False, **kw):
        super().__init__(relation, string, **kw)
        self.inverse_name = inverse_name
        self.domain = domain or []  # extra filter, e.g. invoice_ids only of product lines
        self.cascade = cascade  # children are deleted with the parent

    def describe(self):
        return dict(super().describe(), relation_field=self.inverse_name)


class Many2many(_X2many):
    type = "many2many"


def is_x2many(field):
    return isinstance(field, _X2many)
