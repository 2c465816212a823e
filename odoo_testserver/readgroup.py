"""``read_group``: counts and sums per value of one field (Odoo's lazy grouping)."""

from __future__ import annotations

from .fields import Float, Integer, Many2one


def read_group(model, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
    groupby = [groupby] if isinstance(groupby, str) else list(groupby or [])
    if not groupby:
        raise ValueError("read_group needs a groupby field")
    key = groupby[0].split(":")[0]
    field = model.field(key)
    sums = []
    for spec in fields or []:
        name = spec.split(":")[0]
        if name != key and isinstance(model.field(name), (Float, Integer)):
            sums.append(name)
    ids = model._search(domain or [], order=orderby or None)
    groups = {}
    for rid in ids:
        value = model.value_of(rid, key)
        groups.setdefault(value, []).append(rid)
    count_key = f"{key}_count" if lazy else "__count"
    result = []
    for value, members in groups.items():
        shown = field.to_read(value, model.env) if isinstance(field, Many2one) else value
        row = {key: shown, count_key: len(members)}
        for name in sums:
            row[name] = sum(model.value_of(rid, name) or 0 for rid in members)
        row["__domain"] = list(domain or []) + [(key, "=", value)]
        result.append(row)
    result = result[int(offset or 0):]
    return result[: int(limit)] if limit else result
