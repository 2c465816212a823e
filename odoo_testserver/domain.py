"""Search domains (Polish-notation lists of leaves) and ``order`` strings.

Supported: ``'&' '|' '!'`` prefix operators (an implicit ``&`` joins top-level terms),
leaves ``(field, op, value)`` with dotted paths through many2one/x2many fields, and the
operators ``= != <> in not in < > <= >= like ilike not like not ilike =like =ilike
child_of parent_of``. A many2one compared with a string matches its display name, as in
Odoo. An unknown field raises the version's "Invalid field" ValueError.
"""

from __future__ import annotations

import re

from .fields import Many2one, One2many, is_x2many

OPERATORS = {"=", "!=", "<>", "in", "not in", "<", ">", "<=", ">=", "like", "ilike",
             "not like", "not ilike", "=like", "=ilike", "child_of", "parent_of"}
TRUE_LEAF, FALSE_LEAF = (1, "=", 1), (0, "=", 1)


def _is_leaf(term):
    return isinstance(term, (list, tuple)) and len(term) == 3


def parse(domain):
    """Turn a domain into a tree of ('&'|'|', [children]) / ('!', child) / leaf."""
    terms = list(domain or [])
    pos = 0

    def take():
        nonlocal pos
        if pos >= len(terms):
            raise ValueError(f"Invalid domain {domain!r}")
        term = terms[pos]
        pos += 1
        if term in ("&", "|"):
            return (term, [take(), take()])
        if term == "!":
            return ("!", take())
        if _is_leaf(term) or term in (True, False):
            return tuple(term) if _is_leaf(term) else (TRUE_LEAF if term else FALSE_LEAF)
        raise ValueError(f"Invalid leaf {term!r}")

    nodes = []
    while pos < len(terms):
        nodes.append(take())
    if not nodes:
        return TRUE_LEAF
    return nodes[0] if len(nodes) == 1 else ("&", nodes)


def _like(pattern, value, case_insensitive, exact=False):
    if value is False or value is None:
        return False
    value = str(value)
    pattern = str(pattern)
    if exact:  # =like / =ilike: SQL wildcards, whole string
        regex = "^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$"
        return re.match(regex, value, re.IGNORECASE if case_insensitive else 0) is not None
    if case_insensitive:
        return pattern.lower() in value.lower()
    return pattern in value


def _compare(op, left, right):
    """One comparison between a scalar field value and a domain value."""
    if op in ("=", "!=", "<>"):
        if right is False or right is None:
            equal = left in (False, None, [], "")
        else:
            equal = left == right
        return equal if op == "=" else not equal
    if op in ("in", "not in"):
        values = right if isinstance(right, (list, tuple)) else [right]
        has_false = any(v is False or v is None for v in values)
        found = left in values or (has_false and left in (False, None))
        return found if op == "in" else not found
    if left is False or left is None:
        # Like SQL NULL: ordering comparisons and LIKE never match an empty value.
        return op in ("not like", "not ilike")
    if op in ("<", ">", "<=", ">="):
        try:
            return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]
        except TypeError:
            return False
    if op in ("like", "ilike", "=like", "=ilike"):
        return _like(right, left, op in ("ilike", "=ilike"), exact=op.startswith("="))
    if op in ("not like", "not ilike"):
        return not _like(right, left, op == "not ilike")
    raise ValueError(f"Invalid operator {op!r}")


class DomainEvaluator:
    """Evaluates a parsed domain on the rows of one model (``model`` is an ORM model)."""

    def __init__(self, model):
        self.model = model

    def check(self, domain):
        """Validate field names and operators up front (raise before touching data)."""
        tree = parse(domain)
        self._check_node(self.model, tree)
        return tree

    def _check_node(self, model, node):
        if node in (TRUE_LEAF, FALSE_LEAF):
            return
        if node[0] in ("&", "|"):
            for child in node[1]:
                self._check_node(model, child)
            return
        if node[0] == "!":
            self._check_node(model, node[1])
            return
        path, op, _value = node
        if op not in OPERATORS:
            raise ValueError(f"Invalid leaf {list(node)!r}")
        current = model
        for part in str(path).split("."):
            field = current.field(part)  # raises the version's "Invalid field" error
            relation = getattr(field, "relation", None)
            if relation:
                current = current.env[relation]

    def matches(self, tree, rid):
        node = tree
        if node == TRUE_LEAF:
            return True
        if node == FALSE_LEAF:
            return False
        if node[0] == "&":
            return all(self.matches(child, rid) for child in node[1])
        if node[0] == "|":
            return any(self.matches(child, rid) for child in node[1])
        if node[0] == "!":
            return not self.matches(node[1], rid)
        return self._leaf(self.model, rid, *node)

    def _leaf(self, model, rid, path, op, value):
        head, _, rest = str(path).partition(".")
        field = model.field(head)
        raw = model.value_of(rid, head)
        if rest:
            comodel = model.env[field.relation]
            ids = raw if is_x2many(field) else ([raw] if raw else [])
            hit = any(DomainEvaluator(comodel)._leaf(comodel, cid, rest, op, value) for cid in ids)
            if not ids and op in ("=", "in") and value in (False, None, []):
                return True
            return hit
        if op in ("child_of", "parent_of"):
            return self._hierarchy(model, field, raw, op, value)
        if isinstance(field, Many2one) and isinstance(value, str):
            # As in Odoo, a many2one compared with a string matches on the display name.
            name = model.env[field.relation].display_name_of(raw) if raw else False
            return _compare(op, name, value)
        if is_x2many(field):
            return self._x2many(field, raw or [], op, value)
        return _compare(op, raw, value)

    def _x2many(self, field, ids, op, value):
        if isinstance(value, str):
            comodel = self.model.env[field.relation]
            names = [comodel.display_name_of(i) for i in ids]
            hit = any(_compare(op if op not in ("!=", "<>", "not in", "not like", "not ilike") else
                               {"!=": "=", "<>": "=", "not in": "in", "not like": "like",
                                "not ilike": "ilike"}[op], n, value) for n in names)
            return hit if op not in ("!=", "<>", "not in", "not like", "not ilike") else not hit
        if value is False or value is None or value == []:
            empty = not ids
            return empty if op in ("=", "in") else not empty
        values = value if isinstance(value, (list, tuple)) else [value]
        hit = any(i in values for i in ids)
        if op in ("=", "in"):
            return hit
        if op in ("!=", "<>", "not in"):
            return not hit
        return any(_compare(op, i, value) for i in ids)

    def _hierarchy(self, model, field, raw, op, value):
        comodel = model.env[field.relation] if getattr(field, "relation", None) else model
        roots = value if isinstance(value, (list, tuple)) else [value]
        ids = raw if is_x2many(field) else ([raw] if raw else [])
        if field.name == "id":
            ids = [raw]
        parent_field = comodel.parent_field()
        for rid in ids:
            chain = comodel.ancestors(rid, parent_field) if op == "child_of" else None
            if op == "child_of" and any(r in chain for r in roots):
                return True
            if op == "parent_of" and any(rid in comodel.ancestors(r, parent_field) for r in roots):
                return True
        return False


def parse_order(order, default):
    """``"name desc, id"`` -> [(field, descending)]; validated by the caller."""
    spec = (order or default or "id").strip()
    result = []
    for part in spec.split(","):
        words = part.strip().split()
        if not words:
            continue
        fname = words[0].strip('"')
        descending = len(words) > 1 and words[1].lower() == "desc"
        result.append((fname, descending))
    return result


def sort_key_value(value):
    """Empty values sort last ascending (PostgreSQL NULLS LAST), first descending."""
    if value is False or value is None:
        return (1, 0)
    if isinstance(value, list):
        value = value[0] if value else 0
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        return (0, value.lower())
    return (0, value)


def is_one2many(field):
    return isinstance(field, One2many)
