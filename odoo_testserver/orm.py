"""A small ORM with Odoo's external behaviour: the generic model and its CRUD.

Models are plain classes (see ``models/``) declaring fields as class attributes. The
registry binds them per Odoo version (``dialects``), so the field set a client sees is
the real one of that version. Methods callable over RPC are marked ``@api.model``
(no record ids, like Odoo's ``@api.model``) or ``@api.records`` (first argument: ids);
their Python signatures use Odoo's parameter names, which JSON-2 binds by name.
"""

from __future__ import annotations

from . import acl
from .domain import DomainEvaluator, parse_order, sort_key_value
from .errors import ValidationError
from .fields import Char, Integer, Many2one, One2many, is_x2many
from .readgroup import read_group
from .registry import Env, Registry, api, rpc_method


class BaseModel:
    _name = None
    _description = None
    _order = "id"
    _rec_name = "name"
    _parent_name = None  # field for child_of / parent_of

    id = Integer("ID", readonly=True)
    display_name = Char("Display Name", compute="_compute_display_name")

    def __init__(self, env):
        self.env = env
        self.store = env.store
        self.table = env.store.tables[self._name]

    # ------------------------------------------------------------ metadata
    def fields(self):
        return self.env.registry.fields[self._name]

    def field(self, name):
        field = self.fields().get(name)
        if field is None:
            raise ValueError(self.env.dialect.invalid_field(name, self._name))
        return field

    def fname(self, canonical):
        return self.env.fname(self._name, canonical)

    def parent_field(self):
        return self._parent_name

    def ancestors(self, rid, parent_field):
        chain, seen = [], set()
        while rid and rid not in seen and rid in self.table:
            seen.add(rid)
            chain.append(rid)
            rid = self.table[rid].get(parent_field) if parent_field else False
        return chain

    # -------------------------------------------------------------- values
    def row(self, rid):
        return self.table.get(rid)

    def get(self, rid, name):
        """Raw value of a field (by its public name) for one record."""
        return self.value_of(rid, name)

    def value_of(self, rid, name):
        if name == "id":
            return rid
        field = self.field(name)
        if field.compute:
            return getattr(self, field.compute)(rid)
        if field.related:
            return self._related(rid, field.related)
        if isinstance(field, One2many):
            comodel = self.env[field.relation]
            domain = [(field.inverse_name, "=", rid)] + list(field.domain)
            return comodel._search(domain, order=comodel._order)
        value = self.table[rid].get(name)
        return field.null() if value is None else value

    def _related(self, rid, path):
        model, current = self, rid
        parts = path.split(".")
        for part in parts[:-1]:
            current = model.value_of(current, part)
            if not current:
                return model.field(parts[-1]).null() if parts[-1] in model.fields() else False
            model = self.env[model.field(part).relation]
        return model.value_of(current, parts[-1])

    def display_name_of(self, rid):
        if rid not in self.table:
            return False
        return self._compute_display_name(rid)

    def _compute_display_name(self, rid):
        if self._rec_name in self.fields():
            value = self.value_of(rid, self._rec_name)
            if value:
                return value
        return f"{self._name},{rid}"

    # ------------------------------------------------------------- search
    def _search(self, domain, offset=0, limit=None, order=None):
        evaluator = DomainEvaluator(self)
        tree = evaluator.check(domain)
        if "active" in self.fields() and not self._mentions(domain, "active") \
                and self.env.context.get("active_test", True):
            ids = [rid for rid, row in self.table.items() if row.get("active", True)]
        else:
            ids = list(self.table)
        ids = [rid for rid in ids if evaluator.matches(tree, rid)]
        ids = self._sorted(ids, order)
        ids = ids[int(offset or 0):]
        if limit:
            ids = ids[:int(limit)]
        return ids

    @staticmethod
    def _mentions(domain, fname):
        return any(isinstance(t, (list, tuple)) and len(t) == 3 and str(t[0]).split(".")[0] == fname
                   for t in domain or [])

    def _sorted(self, ids, order):
        spec = parse_order(order, self._order)
        for fname, _desc in spec:
            self.field(fname)
        for fname, desc in reversed(spec):
            ids.sort(key=lambda rid: sort_key_value(self.value_of(rid, fname)), reverse=desc)
        return ids

    # ------------------------------------------------------------- create
    def _create_one(self, vals, rid=None):
        vals = dict(vals)
        for name in vals:
            self.field(name)
        vals = self._prepare_create(vals)
        fields = self.fields()
        row, x2many = {}, {}
        for name, field in fields.items():
            if name in ("id", "display_name") or not field.stored and not is_x2many(field):
                continue
            if is_x2many(field):
                if name in vals and not (field.related or field.compute):
                    x2many[name] = vals[name]
                if field.stored:
                    row[name] = []
                continue
            if name in vals:
                row[name] = field.to_cache(vals[name], self.env)
            else:
                row[name] = field.to_cache(field.default_value(self.env), self.env) \
                    if field.default is not None else field.null()
        self._check_required(row)
        rid = rid or self.store.new_id(self._name)
        self.store.insert(self._name, rid, row)
        for name, commands in x2many.items():
            self._apply_x2many(rid, fields[name], commands)
        self._write_through_inverse(rid, vals)
        self._post_create(rid, vals)
        self._constrain([rid])
        return rid

    def _check_required(self, row):
        for name, field in self.fields().items():
            if field.required and field.stored and not is_x2many(field) and row.get(name) in (False, None, ""):
                raise ValidationError(
                    "The operation cannot be completed:\n"
                    "- Create/update: a mandatory field is not set.\n"
                    "- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n"
                    f"Model: {self._description} ({self._name})\nField: {field.string} ({name})\n"
                )

    def _write_through_inverse(self, rid, vals):
        for name, value in vals.items():
            field = self.fields()[name]
            if field.inverse:
                getattr(self, field.inverse)([rid], name, value)

    # -------------------------------------------------------------- write
    def _write(self, ids, vals):
        for name in vals:
            self.field(name)
        vals = self._prepare_write(ids, dict(vals))
        fields = self.fields()
        changes, x2many = {}, {}
        for name, value in vals.items():
            field = fields[name]
            if name in ("id", "display_name"):
                continue
            if is_x2many(field):
                if not (field.related or field.compute):
                    x2many[name] = value
            elif field.stored:
                changes[name] = field.to_cache(value, self.env)
        for rid in ids:
            if changes:
                self.store.update(self._name, rid, changes)
                self._check_required(self.table[rid])
            for name, commands in x2many.items():
                self._apply_x2many(rid, fields[name], commands)
            self._write_through_inverse(rid, vals)
        self._post_write(ids, vals)
        self._constrain(ids)
        return True

    def _apply_x2many(self, rid, field, commands):
        """Odoo's x2many commands: (0,0,vals) (1,id,vals) (2,id) (3,id) (4,id) (5,) (6,0,ids)."""
        comodel = self.env[field.relation]
        if commands and all(isinstance(c, int) and not isinstance(c, bool) for c in commands):
            commands = [(6, 0, list(commands))]
        for command in commands or []:
            if not isinstance(command, (list, tuple)) or not command:
                raise ValueError(f"Invalid command {command!r} for {self._name}.{field.name}")
            code = command[0]
            if code == 0:
                values = dict(command[2] if len(command) > 2 else {})
                if isinstance(field, One2many):
                    values[field.inverse_name] = rid
                    comodel._create_one(values)
                else:
                    self._m2m_set(rid, field, self._m2m(rid, field) + [comodel._create_one(values)])
            elif code == 1:
                comodel._write([command[1]], dict(command[2]))
            elif code in (2, 3):
                if isinstance(field, One2many):
                    if code == 2 or field.cascade:
                        comodel._unlink([command[1]])
                    else:
                        comodel._write([command[1]], {field.inverse_name: False})
                else:
                    self._m2m_set(rid, field, [i for i in self._m2m(rid, field) if i != command[1]])
                    if code == 2:
                        comodel._unlink([command[1]])
            elif code == 4:
                self.env.ensure_exists(field.relation, [command[1]])
                if isinstance(field, One2many):
                    comodel._write([command[1]], {field.inverse_name: rid})
                elif command[1] not in self._m2m(rid, field):
                    self._m2m_set(rid, field, self._m2m(rid, field) + [command[1]])
            elif code in (5, 6):
                new_ids = list(command[2]) if code == 6 else []
                self.env.ensure_exists(field.relation, new_ids)
                if isinstance(field, One2many):
                    for child in self.value_of(rid, field.name):
                        if child not in new_ids:
                            comodel._write([child], {field.inverse_name: False})
                    if new_ids:
                        comodel._write(new_ids, {field.inverse_name: rid})
                else:
                    self._m2m_set(rid, field, list(dict.fromkeys(new_ids)))
            else:
                raise ValueError(f"Invalid command {command!r} for {self._name}.{field.name}")

    def _m2m(self, rid, field):
        return list(self.table[rid].get(field.name) or [])

    def _m2m_set(self, rid, field, ids):
        self.store.update(self._name, rid, {field.name: list(ids)})

    # ------------------------------------------------------------- unlink
    def _unlink(self, ids):
        ids = [i for i in ids if i in self.table]
        self._check_unlink(ids)
        for name, field in self.fields().items():
            if isinstance(field, One2many) and field.cascade:
                comodel = self.env[field.relation]
                for rid in ids:
                    comodel._unlink(self.value_of(rid, name))
        for rid in ids:
            self.store.delete(self._name, rid)
        return True

    # ---------------------------------------------------------------- read
    def _read(self, ids, fields=None, load="_classic_read"):
        names = list(fields) if fields else [n for n in self.fields() if n != "id"]
        for name in names:
            self.field(name)
        result = []
        for rid in dict.fromkeys(ids):
            if rid not in self.table:
                continue  # Odoo silently drops ids that do not exist
            record = {"id": rid}
            for name in names:
                if name == "id":
                    continue
                record[name] = self.fields()[name].to_read(self.value_of(rid, name), self.env, load)
            result.append(record)
        return result

    # -------------------------------------------------------------- hooks
    def _prepare_create(self, vals):
        return vals

    def _prepare_write(self, ids, vals):
        return vals

    def _post_create(self, rid, vals):
        pass

    def _post_write(self, ids, vals):
        pass

    def _constrain(self, ids):
        pass

    def _check_unlink(self, ids):
        pass

    # ---------------------------------------------------------- RPC methods
    @api.model
    def create(self, vals_list):
        single = isinstance(vals_list, dict)
        items = [vals_list] if single else list(vals_list or [])
        for vals in items:
            if not isinstance(vals, dict):
                raise TypeError(f"create() expects a dict or a list of dicts, got {type(vals).__name__}")
        return [self._create_one(vals) for vals in items]

    @api.records
    def write(self, ids, vals):
        return self._write(ids, vals)

    @api.records
    def read(self, ids, fields=None, load="_classic_read"):
        return self._read(ids, fields, load)

    @api.records
    def unlink(self, ids):
        return self._unlink(ids)

    @api.model
    def search(self, domain, offset=0, limit=None, order=None):
        return self._search(domain, offset, limit, order)

    @api.model
    def search_count(self, domain, limit=None):
        return len(self._search(domain, limit=limit))

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **read_kwargs):
        ids = self._search(domain or [], offset, limit, order)
        return self._read(ids, fields, **read_kwargs)

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        ids = self._search(domain or [], limit=None)
        if name:
            ids = [i for i in ids if DomainEvaluator(self)._leaf(self, i, "display_name", operator, name)]
        return [[i, self.display_name_of(i)] for i in ids[: limit or None]]

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        result = {}
        for name, field in self.fields().items():
            if allfields and name not in allfields:
                continue
            desc = field.describe()
            if attributes:
                desc = {k: v for k, v in desc.items() if k in attributes}
            result[name] = desc
        return result

    @api.model
    def default_get(self, fields_list):
        result = {}
        for name in fields_list:
            field = self.field(name)
            if field.default is not None:
                result[name] = field.default_value(self.env)
        return result

    @api.records
    def exists(self, ids):
        return [i for i in ids if i in self.table]

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        return read_group(self, domain, fields, groupby, offset, limit, orderby, lazy)

    @api.model
    def check_access_rights(self, operation, raise_exception=True):
        needed = acl.required_groups(self.store, self.env.uid, self._name, operation)
        if needed is None:
            return True
        if raise_exception:
            raise acl.access_error(self.store, self._name, operation, needed)
        return False

    @api.records
    def has_access(self, ids, operation):
        # A record method in 18 (facts section 4): has_access([[], 'create']).
        return acl.allowed(self.store, self.env.uid, self._name, operation)


__all__ = ["BaseModel", "Env", "Many2one", "Registry", "api", "rpc_method"]
