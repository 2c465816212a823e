"""Replays the recorded Odoo exchanges against the sandbox (the contract test).

Each recording file is replayed in order against a fresh sandbox of the matching
version and database. Before sending a request:

- placeholders are replaced (``PASSWORD``, ``DEMO_PASSWORD``, ``<API_KEY>``,
  ``<DEMO_API_KEY>``, ``<WRONG_KEY>``);
- ids the recording obtained from an earlier response are replaced by the ids the
  sandbox answered for that response ("how responses feed later requests" in the
  recordings README). The map is per model, ``(model, recorded id) -> sandbox id``,
  learned from create results and from aligned read results; it is applied only
  where the request refers to that model (record ids, relational fields of vals and
  domains, x2many commands, the picking ids in a context, ``res_id`` of ir.model.data).
  A recorded list that the sandbox answered with a different length (e.g. the sale
  order's ``invoice_ids``) is replaced as a whole by the sandbox's list.
- one value is fed too: the counted quantity written on the WH/Returns quant is "its
  current quantity" (step ``none_quant_set_inventory_quantity``).

The comparison rules (what must match exactly and what legitimately differs) are in
``compare.py``.
"""

from __future__ import annotations

import http.client
import json
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

RECORDINGS_DIR = Path(__file__).resolve().parents[1] / "data" / "odoo" / "recordings"
RECORDINGS = {"odoo18-xmlrpc": 18, "odoo18-jsonrpc": 18, "odoo19-xmlrpc": 19, "odoo19-jsonrpc": 19,
              "odoo19-json2": 19}
PASSWORDS = {"admin": "admin", "demo": "demo"}


def load_recording(name):
    with open(RECORDINGS_DIR / f"{name}.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Outcome:
    record: dict
    status: int | None = None
    headers: dict = field(default_factory=dict)
    body: str = ""
    sent_body: str | None = None
    model: str | None = None
    method: str | None = None
    error: str | None = None  # transport problem (no answer)


class Replayer:
    def __init__(self, server):
        self.server = server
        self.registry = server.store.registry
        self.idmap = {}  # (model, recorded id) -> sandbox id
        self.list_alias = {}  # tuple(recorded ids) -> sandbox ids
        self.quant_qty = {}  # sandbox quant id -> (recorded quantity, sandbox quantity)
        self.first_invoice_residual = None

    # ------------------------------------------------------------- helpers
    def candidates(self, value):
        """Sandbox ids a recorded id may have become (any model)."""
        return {act for (_model, rec), act in self.idmap.items() if rec == value}

    def _relation(self, model, fname):
        if fname == "id":
            return model
        fld = self.registry.fields.get(model, {}).get(fname)
        return getattr(fld, "relation", None)

    def _map(self, model, value):
        if model is None:
            return value
        if isinstance(value, list):
            alias = self.list_alias.get((model, tuple(value)))
            if alias is not None:
                return list(alias)
            return [self._map(model, v) for v in value]
        if isinstance(value, int) and not isinstance(value, bool):
            return self.idmap.get((model, value), value)
        return value

    def _is_model_method(self, model, method):
        cls = self.registry.models.get(model)
        func = getattr(cls, method, None) if cls else None
        return bool(getattr(func, "_api_model", False))

    # ----------------------------------------------------------- rewriting
    def rewrite_vals(self, model, vals):
        out = {}
        for key, value in vals.items():
            relation = self._relation(model, key)
            if model == "ir.model.data" and key == "res_id":
                relation = vals.get("model")
            fld = self.registry.fields.get(model, {}).get(key)
            if model == "stock.quant" and key == "inventory_quantity":
                value = self._feed_quant_qty(value)
            if relation and fld is not None and fld.type in ("one2many", "many2many") and isinstance(value, list):
                value = [self._rewrite_command(relation, c) for c in value]
            elif relation:
                value = self._map(relation, value)
            out[key] = value
        return out

    def _feed_quant_qty(self, value):
        for rec_qty, act_qty in self.quant_qty.values():
            if rec_qty == value:
                return act_qty
        return value

    def _rewrite_command(self, relation, command):
        if not isinstance(command, list) or not command:
            return self._map(relation, command)
        code = command[0]
        if code == 0 and len(command) > 2 and isinstance(command[2], dict):
            return [0, command[1], self.rewrite_vals(relation, command[2])]
        if code == 6 and len(command) > 2:
            return [6, command[1], self._map(relation, command[2])]
        if code in (1, 2, 3, 4) and len(command) > 1:
            rest = command[2:]
            if code == 1 and rest and isinstance(rest[0], dict):
                rest = [self.rewrite_vals(relation, rest[0])]
            return [code, self._map(relation, command[1]), *rest]
        return command

    def rewrite_domain(self, model, domain):
        out = []
        for term in domain or []:
            if isinstance(term, list) and len(term) == 3:
                relation = self._relation(model, str(term[0]).split(".")[0])
                out.append([term[0], term[1], self._map(relation, term[2])])
            else:
                out.append(term)
        return out

    def rewrite_context(self, context):
        if not isinstance(context, dict):
            return context
        out = dict(context)
        for key in ("picking_ids_not_to_backorder", "button_validate_picking_ids"):
            if key in out:
                out[key] = self._map("stock.picking", out[key])
        if "location" in out:
            out["location"] = self._map("stock.location", out["location"])
        return out

    def rewrite_call(self, model, method, args, kwargs):
        """execute_kw arguments (positional ``args`` + ``kwargs``)."""
        args, kwargs = list(args), dict(kwargs)
        if "context" in kwargs:
            kwargs["context"] = self.rewrite_context(kwargs["context"])
        if method in ("search", "search_read", "search_count"):
            if args:
                args[0] = self.rewrite_domain(model, args[0])
            if "domain" in kwargs:
                kwargs["domain"] = self.rewrite_domain(model, kwargs["domain"])
        elif method == "create" and args:
            args[0] = ([self.rewrite_vals(model, v) for v in args[0]] if isinstance(args[0], list)
                       else self.rewrite_vals(model, args[0]))
        elif args and not self._is_model_method(model, method):
            args[0] = self._map(model, args[0])
            if method == "write" and len(args) > 1 and isinstance(args[1], dict):
                args[1] = self.rewrite_vals(model, args[1])
        return args, kwargs

    def rewrite_json2(self, model, method, body):
        body = dict(body)
        if "ids" in body:
            body["ids"] = self._map(model, body["ids"])
        if "context" in body:
            body["context"] = self.rewrite_context(body["context"])
        if "domain" in body:
            body["domain"] = self.rewrite_domain(model, body["domain"])
        if "vals" in body and isinstance(body["vals"], dict):
            body["vals"] = self.rewrite_vals(model, body["vals"])
        if "vals_list" in body:
            vl = body["vals_list"]
            body["vals_list"] = [self.rewrite_vals(model, v) for v in vl] if isinstance(vl, list) \
                else self.rewrite_vals(model, vl)
        return body

    # ------------------------------------------------------------ learning
    def learn(self, model, method, recorded, actual):
        if method == "create":
            rec = recorded if isinstance(recorded, list) else [recorded]
            act = actual if isinstance(actual, list) else [actual]
            # Best effort: a create answering a different number of ids is reported by the step's comparison.
            for r, a in zip(rec, act, strict=False):
                self._learn_id(model, r, a)
        elif method == "search" and isinstance(recorded, list) and isinstance(actual, list):
            if len(recorded) == len(actual):
                for r, a in zip(recorded, actual, strict=True):
                    self._learn_id(model, r, a)
        elif method in ("read", "search_read") and isinstance(recorded, list) and isinstance(actual, list):
            for rec, act in self._align(model, recorded, actual):
                self._learn_record(model, rec, act)

    def _learn_id(self, model, rec, act):
        if isinstance(rec, int) and isinstance(act, int) and not isinstance(rec, bool):
            self.idmap[(model, rec)] = act

    def _align(self, model, recorded, actual):
        if len(recorded) == len(actual):
            return list(zip(recorded, actual, strict=True))
        pairs = []
        for rec in recorded:  # match by many2one values (e.g. quants by location)
            m2o = {k: v[0] for k, v in rec.items() if isinstance(v, list) and len(v) == 2 and isinstance(v[1], str)}
            for act in actual:
                if m2o and all(isinstance(act.get(k), list) and act[k][0] == self._map(self._relation(model, k), v)
                               for k, v in m2o.items()):
                    pairs.append((rec, act))
                    break
        return pairs

    def _learn_record(self, model, rec, act):
        if not isinstance(rec, dict) or not isinstance(act, dict):
            return
        self._learn_id(model, rec.get("id"), act.get("id"))
        if model == "stock.quant" and "quantity" in rec and isinstance(act.get("id"), int):
            self.quant_qty.setdefault(act["id"], (rec["quantity"], act.get("quantity")))
        for key, rval in rec.items():
            relation = self._relation(model, key)
            aval = act.get(key)
            if not relation or not isinstance(rval, list) or not isinstance(aval, list):
                continue
            fld = self.registry.fields[model].get(key)
            if fld is not None and fld.type == "many2one":
                self._learn_id(relation, rval[0], aval[0])
            elif len(rval) == len(aval):
                for r, a in zip(rval, aval, strict=True):
                    self._learn_id(relation, r, a)
            else:
                self.list_alias[(relation, tuple(rval))] = list(aval)

    # ------------------------------------------------------------- sending
    def substitute(self, text):
        demo = json.dumps(PASSWORDS["demo"])
        return (text.replace("<string>DEMO_PASSWORD</string>", f"<string>{PASSWORDS['demo']}</string>")
                .replace("<string>PASSWORD</string>", f"<string>{PASSWORDS['admin']}</string>")
                .replace('"DEMO_PASSWORD"', demo).replace('"PASSWORD"', json.dumps(PASSWORDS["admin"])))

    def headers_for(self, record):
        from odoo_testserver import DEFAULT_API_KEY, DEFAULT_DEMO_API_KEY

        headers = {}
        for key, value in (record.get("request_headers") or {}).items():
            headers[key] = (value.replace("<DEMO_API_KEY>", DEFAULT_DEMO_API_KEY)
                            .replace("<API_KEY>", DEFAULT_API_KEY).replace("<WRONG_KEY>", "0" * 40))
        return headers

    def prepare_body(self, record):
        """The body to send and (model, method) of the call, ids rewritten."""
        text = record["request_body"]
        if text is None:
            return None, None, None
        text = self.substitute(text)
        if record["protocol"] == "xmlrpc":
            params, methodname = xmlrpc.client.loads(text)
            params = list(params)
            if methodname == "execute_kw" and len(params) >= 6:
                model, method = params[3], params[4]
                args, kwargs = self.rewrite_call(model, method, params[5], params[6] if len(params) > 6 else {})
                new = params[:5] + [args, kwargs][: len(params) - 5]
                if new != params:
                    text = xmlrpc.client.dumps(tuple(new), methodname)
                return text, model, method
            return text, None, methodname
        data = json.loads(text)
        if record["protocol"] == "jsonrpc":
            call_args = data["params"].get("args") or []
            if data["params"].get("method") == "execute_kw" and len(call_args) >= 6:
                model, method = call_args[3], call_args[4]
                args, kwargs = self.rewrite_call(model, method, call_args[5],
                                                 call_args[6] if len(call_args) > 6 else {})
                new = call_args[:5] + [args, kwargs][: len(call_args) - 5]
                if new != call_args:
                    data["params"]["args"] = new
                    text = json.dumps(data)
                return text, model, method
            return text, None, data["params"].get("method")
        _, _, model, method = record["path"].strip("/").split("/", 3)
        new = self.rewrite_json2(model, method, data)
        if new != data:
            text = json.dumps(new)
        return text, model, method

    def send(self, record):
        outcome = Outcome(record)
        try:
            body, model, method = self.prepare_body(record)
        except Exception as exc:  # noqa: BLE001 - reported by the test of this step
            outcome.error = f"could not prepare the request: {exc!r}"
            return outcome
        outcome.sent_body, outcome.model, outcome.method = body, model, method
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=30)
        try:
            headers = self.headers_for(record)
            headers["Connection"] = "close"
            conn.request(record["method"], record["path"], body=body.encode("utf-8") if body is not None else None,
                         headers=headers)
            response = conn.getresponse()
            outcome.status = response.status
            outcome.headers = {k: v for k, v in response.getheaders()}
            outcome.body = response.read().decode("utf-8")
        except Exception as exc:  # noqa: BLE001
            outcome.error = f"no answer: {exc!r}"
            return outcome
        finally:
            conn.close()
        self._learn_from(record, outcome, model, method)
        return outcome

    def _learn_from(self, record, outcome, model, method):
        if outcome.status != 200 or model is None:
            return
        try:
            recorded, actual = decode_result(record["protocol"], record["response_body"]), \
                decode_result(record["protocol"], outcome.body)
        except (ValueError, xmlrpc.client.Fault, KeyError):
            return
        if record["step"] == "so_invoice" and isinstance(actual, list) and actual:
            self.first_invoice_residual = actual[0].get("amount_residual")
        self.learn(model, method, recorded, actual)

    def run(self, records):
        return {record["step"]: self.send(record) for record in records}


def decode_result(protocol, text):
    """The result value of a successful answer (raises on errors)."""
    if protocol == "xmlrpc":
        return xmlrpc.client.loads(text)[0][0]
    data = json.loads(text)
    if protocol == "jsonrpc":
        if "error" in data:
            raise ValueError("error answer")
        return data.get("result")
    return data
