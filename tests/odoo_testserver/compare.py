"""How a sandbox answer is compared with the recorded answer of real Odoo.

Must match exactly: the HTTP status; the protocol envelope (XML-RPC framing and
fault vs result; the JSON-RPC keys ``jsonrpc``/``id``/``result``|``error``, error
``code``/``message`` and the key order of ``data``; the JSON-2 error body keys and
order); XML-RPC fault codes; error ``name``s; error messages and ``arguments``; dict
keys (with their order) and value types, recursively; and every value except those
listed below (states, booleans, quantities, amounts, fixture ids and names, selection
values, action dicts, ``[]`` for a missing read, counts, ...).

What legitimately differs, and how it is compared instead:

1. Ids of records created during the run (pickings, moves, scraps, credit notes,
   ir.model.data, quants): the sandbox's own counters. An id must equal the recorded
   one or the id the sandbox gave for it (see replay.Replayer.idmap).
2. Document numbers from sequences (``WH/IN/00137``, ``SP/00003``,
   ``RINV/2026/00243``, also inside error messages): same prefix and shape.
3. Dates set when the step ran (``date_done`` of the new receipt and scrap): format only.
4. Tracebacks (JSON ``debug``, XML-RPC fault 1 strings): real Odoo frames vs the
   sandbox's; only the final exception line(s) must match.
5. The recording databases' history: SO 25 had been returned and credited ~120 times
   (18) before the recordings, the sandbox starts fresh (delivered 10, invoiced 10).
   So these are compared by type (lists by element type): the SO's ``picking_ids``,
   ``invoice_ids``, ``delivery_status``, ``invoice_status``; the line's
   ``qty_delivered``, ``qty_invoiced``, ``move_ids``; the invoice's ``amount_residual``
   and ``payment_state``; the quants listed per location and their quantities; the
   product's ``qty_available``/``virtual_available``; and the credit note's
   ``amount_residual``/``payment_state`` (these are checked against the rule instead:
   "paid" while the invoice had a residual, else "not_paid").
"""

from __future__ import annotations

import json
import re
import xmlrpc.client

HISTORY = {
    "so_search_read": {"picking_ids", "invoice_ids", "delivery_status", "invoice_status"},
    "so_lines": {"qty_delivered", "qty_invoiced", "move_ids"},
    "so_invoice": {"amount_residual", "payment_state"},
    "quants_by_location": {"*"},
    "product_qty_at_returns": {"qty_available", "virtual_available"},
    "credit_note_read": {"amount_residual", "payment_state"},
}
SEQUENCE_NAME_STEPS = {"receipt_read", "partial_read", "internal_read", "scrap_read", "credit_note_read"}
RUNTIME_DATES = {"receipt_read": {"date_done"}, "scrap_read": {"date_done"}}
SEQ_RE = re.compile(r"\b[A-Z]+(?:/[A-Z]+)?(?:/\d{4})?/\d{5}\b")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
XML_HEAD = '<?xml version="1.0"?>\n<methodResponse>\n'
XML_TAIL = "\n</methodResponse>\n"


def mask(text):
    """Hide sequence numbers and record ids inside messages."""
    text = SEQ_RE.sub(lambda m: re.sub(r"\d{5}$", "<N>", m.group(0)), text)
    return re.sub(r"\(id \d+\)", "(id <ID>)", text)


def exception_tail(text):
    """The final exception line(s) of a traceback (the whole text if it is not one)."""
    if "Traceback (most recent call last)" not in text:
        return text
    lines = text.split("\n")
    last_frame = max(i for i, line in enumerate(lines) if line.startswith("  "))
    return "\n".join(lines[last_frame + 1:])


def kind(value):
    if value is None:
        return "null"
    for name, types in (("bool", bool), ("int", int), ("float", float), ("str", str), ("list", list),
                        ("dict", dict)):
        if isinstance(value, types):
            return name
    return type(value).__name__


class Comparator:
    def __init__(self, step, replayer, method=None):
        self.step = step
        self.replayer = replayer
        self.method = method
        self.problems = []

    def fail(self, path, message):
        self.problems.append(f"{path or '<root>'}: {message}")

    def value(self, rec, act, path="", key=None, loose=False, in_list=False):
        history = HISTORY.get(self.step, set())
        if key in history or "*" in history:
            loose = True
        if kind(rec) != kind(act):
            self.fail(path, f"type {kind(act)} ({act!r:.80}), recorded {kind(rec)} ({rec!r:.80})")
            return
        if isinstance(rec, dict):
            if list(rec) != list(act):
                self.fail(path, f"keys {list(act)}, recorded {list(rec)}")
                return
            for k in rec:
                self.value(rec[k], act[k], f"{path}.{k}", k, loose)
        elif isinstance(rec, list):
            self._list(rec, act, path, key, loose)
        else:
            self._scalar(rec, act, path, key, loose, in_list)

    def _list(self, rec, act, path, key, loose):
        if loose and len(rec) != len(act):
            for i, item in enumerate(act):
                if rec and kind(item) != kind(rec[0]):
                    self.fail(f"{path}[{i}]", f"element type {kind(item)}, recorded {kind(rec[0])}")
                elif rec and isinstance(item, (dict, list)):
                    self.value(rec[0], item, f"{path}[{i}]", key, True, True)
            return
        if len(rec) != len(act):
            self.fail(path, f"{len(act)} elements {act!r:.120}, recorded {len(rec)} {rec!r:.120}")
            return
        for i, (r, a) in enumerate(zip(rec, act, strict=True)):
            self.value(r, a, f"{path}[{i}]", key, loose, True)

    def _idlike(self, key):
        return key is not None and (key == "id" or key.endswith(("_id", "_ids")))

    def _scalar(self, rec, act, path, key, loose, in_list):
        if loose or rec == act:
            return
        if isinstance(rec, int) and not isinstance(rec, bool):
            root_id = key is None and (in_list or self.method == "create")
            if (self._idlike(key) or root_id or key in ("order_line",)) and act in self.replayer.candidates(rec):
                return
        if isinstance(rec, float) and isinstance(act, float) and abs(rec - act) < 1e-6:
            return
        if isinstance(rec, str) and isinstance(act, str):
            if key == "name" and self.step in SEQUENCE_NAME_STEPS and mask(rec) == mask(act):
                return
            if key in RUNTIME_DATES.get(self.step, set()) and DATE_RE.match(act):
                return
            if key == "debug" and mask(exception_tail(rec)) == mask(exception_tail(act)):
                return
            if key in ("message", "arguments") and mask(rec) == mask(act):
                return
        self.fail(path, f"{act!r:.200}, recorded {rec!r:.200}")

    def error_data(self, rec, act, path):
        if list(rec) != list(act):
            self.fail(path, f"keys {list(act)}, recorded {list(rec)}")
        for k in rec:
            if k not in act:
                continue
            if k == "arguments" and isinstance(rec[k], list) and isinstance(act[k], list):
                same = len(rec[k]) == len(act[k]) and all(
                    (mask(r) == mask(a)) if isinstance(r, str) and isinstance(a, str) else r == a
                    for r, a in zip(rec[k], act[k], strict=True))
                if not same:
                    self.fail(f"{path}.arguments", f"{act[k]!r:.200}, recorded {rec[k]!r:.200}")
            else:
                self.value(rec[k], act[k], f"{path}.{k}", k)


def compare_exchange(outcome, replayer, method=None):
    """Problems (strings) between the recorded answer and the sandbox's; [] if they match."""
    record = outcome.record
    cmp = Comparator(record["step"], replayer, method)
    if outcome.error:
        return [outcome.error]
    if outcome.status != record["status"]:
        cmp.fail("status", f"{outcome.status}, recorded {record['status']} (body {outcome.body[:300]!r})")
        return cmp.problems
    protocol = record["protocol"]
    if protocol == "xmlrpc":
        _compare_xmlrpc(cmp, record["response_body"], outcome.body)
    elif protocol == "jsonrpc":
        _compare_jsonrpc(cmp, json.loads(record["response_body"]), json.loads(outcome.body))
    else:
        _compare_json2(cmp, record, outcome)
    if record["step"] == "credit_note_read" and not cmp.problems:
        _check_credit_note_rule(cmp, replayer, protocol, outcome.body)
    return cmp.problems


def _compare_xmlrpc(cmp, recorded, actual):
    if not (actual.startswith(XML_HEAD) and actual.endswith(XML_TAIL)):
        cmp.fail("envelope", f"not Odoo's XML-RPC framing: {actual[:80]!r}...{actual[-40:]!r}")
    results = []
    for text in (recorded, actual):
        try:
            results.append(("result", xmlrpc.client.loads(text)[0][0]))
        except xmlrpc.client.Fault as fault:
            results.append(("fault", fault))
    (rkind, rval), (akind, aval) = results
    if rkind != akind:
        cmp.fail("envelope", f"{akind} {aval!r:.300}, recorded {rkind} {rval!r:.300}")
    elif rkind == "fault":
        if rval.faultCode != aval.faultCode:
            cmp.fail("faultCode", f"{aval.faultCode} ({aval.faultString[-200:]!r}), recorded {rval.faultCode}")
        elif mask(exception_tail(rval.faultString)) != mask(exception_tail(aval.faultString)):
            cmp.fail("faultString", f"{exception_tail(aval.faultString)!r:.300}, "
                                    f"recorded {exception_tail(rval.faultString)!r:.300}")
    else:
        cmp.value(rval, aval)


def _compare_jsonrpc(cmp, rec, act):
    if list(rec) != list(act):
        cmp.fail("envelope", f"keys {list(act)}, recorded {list(rec)}")
        return
    if rec.get("jsonrpc") != act.get("jsonrpc") or rec.get("id") != act.get("id"):
        cmp.fail("envelope", f"jsonrpc/id {act.get('jsonrpc')}/{act.get('id')}, "
                             f"recorded {rec.get('jsonrpc')}/{rec.get('id')}")
    if "error" in rec:
        rerr, aerr = rec["error"], act["error"]
        if (list(rerr) != list(aerr) or rerr.get("code") != aerr.get("code")
                or rerr.get("message") != aerr.get("message")):
            cmp.fail("error", f"{ {k: v for k, v in aerr.items() if k != 'data'} }, "
                              f"recorded { {k: v for k, v in rerr.items() if k != 'data'} }")
        cmp.error_data(rerr["data"], aerr.get("data", {}), "error.data")
    elif "result" in rec:
        cmp.value(rec["result"], act["result"], "result")


def _compare_json2(cmp, record, outcome):
    rec_text, act_text = record["response_body"], outcome.body
    try:
        rec = json.loads(rec_text)
    except ValueError:  # an HTML page: status only
        return
    try:
        act = json.loads(act_text)
    except ValueError:
        cmp.fail("body", f"not JSON: {act_text[:200]!r}")
        return
    if record["status"] >= 400:
        cmp.error_data(rec, act, "error")
    else:
        cmp.value(rec, act)


def _check_credit_note_rule(cmp, replayer, protocol, body):
    from .replay import decode_result

    note = decode_result(protocol, body)[0]
    residual_before = replayer.first_invoice_residual
    if residual_before is None:
        return
    expected = "paid" if residual_before >= note["amount_total"] else "partial" if residual_before > 0 else "not_paid"
    if note["payment_state"] != expected:
        cmp.fail("payment_state", f"{note['payment_state']}, expected {expected} (invoice residual was "
                                  f"{residual_before})")
