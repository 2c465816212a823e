"""Counts, in the Odoo sandbox's own records, the documents each Returnflow posting reference made.

| posting | document in Odoo, found by |
|---|---|
| `…/receipt`, `…/disposition/L<id>` | stock.picking or stock.scrap whose `origin` is the reference |
| `…/credit_note` | account.move (out_refund) whose `ref` is the reference |
| `…/refund_payment` | account.payment whose memo is the credit note's reference, or the note reading back paid |
| `…/evidence/receipt` | the chatter note "Returnflow inspection <RMA>" on the receipt picking |
| `…/evidence/credit_note` | the attachment `<RMA>_refund_breakdown.pdf` on the credit note |

A reference counted twice is a duplicated posting; so is an attachment name twice on one record.
"""
import re
import xmlrpc.client
from collections import Counter

RMA = re.compile(r"RMA-\d{4}-\d+")


def count_documents(url: str, db: str, api_key: str, login: str = "admin") -> tuple[Counter, dict]:
    uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(db, login, api_key, {})
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def rows(model, domain, fields):
        return models.execute_kw(db, uid, api_key, model, "search_read", [domain], {"fields": fields})

    documents = Counter()
    pickings = rows("stock.picking", [("origin", "like", "RMA-")], ["origin"])
    documents.update(p["origin"] for p in pickings)
    documents.update(s["origin"] for s in rows("stock.scrap", [("origin", "like", "RMA-")], ["origin"]) if s["origin"])
    notes = rows("account.move", [("ref", "like", "RMA-"), ("move_type", "=", "out_refund")], ["ref", "payment_state"])
    documents.update(n["ref"] for n in notes)
    # The refund payment: an outbound payment whose memo is the note's reference, or none at all when Odoo
    # settled the note with the still-open invoice at posting (the customer had not paid): then the note
    # reading back paid is the posting's whole effect. Two payments for one note would be a duplicate.
    payments = Counter(p["memo"] for p in rows("account.payment", [("memo", "like", "RMA-"),
                                                                   ("payment_type", "=", "outbound")], ["memo"]))
    for note in notes:
        if note["payment_state"] in ("paid", "in_payment") or payments[note["ref"]]:
            documents[note["ref"].rsplit("/", 1)[0] + "/refund_payment"] = max(1, payments[note["ref"]])
    receipt_of = {p["id"]: p["origin"] for p in pickings if p["origin"].endswith("/receipt")}
    for message in rows("mail.message", [("model", "=", "stock.picking"),
                                         ("body", "ilike", "Returnflow inspection RMA-")], ["res_id", "body"]):
        if message["res_id"] in receipt_of:
            documents[receipt_of[message["res_id"]].replace("/receipt", "/evidence/receipt")] += 1
    attachments = rows("ir.attachment", [("name", "like", "RMA-")], ["name", "res_model", "res_id"])
    for attachment in attachments:
        if attachment["name"].endswith("_refund_breakdown.pdf"):
            documents[attachment["name"].replace("_refund_breakdown.pdf", "/evidence/credit_note")] += 1
    same_name = Counter((a["res_model"], a["res_id"], a["name"]) for a in attachments)
    duplicated_attachments = {f"{model}/{res_id}/{name}": n for (model, res_id, name), n in same_name.items() if n > 1}
    return documents, duplicated_attachments
