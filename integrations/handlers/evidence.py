"""Evidence where accountants and buyers look (API_FACTS-odoo18-round2.md §6).

- On the receipt picking: each inspection photo as an `ir.attachment` (the metadata-free large
  rendition, never the original, which may carry GPS), and one internal note in its chatter
  with the inspection results (`message_post`, keyword arguments, `body_is_html=True` since a
  plain str is escaped, subtype `mail.mt_note`: `mail.mt_comment` would notify the customer,
  who follows their documents). The photos are attached to that note.
- On the credit note: the refund breakdown as a PDF attachment.

Exactly once: attachments are looked up by name on the record, the note by its marker text,
before anything is created.
"""
import base64

from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape

from .base import PostingNotReady, PostingRefused, PostingResult

PHOTO_KINDS = ("inspection", "receipt")


def _marker(rma_number):
    return f"Returnflow inspection {rma_number}"


def _checklists(line):
    units = []
    for unit in line.unit_inspections.all():
        answers = ", ".join(f"{escape(code)}: {escape(answer)}" for code, answer in sorted(unit.checklist.items()))
        serial = f"serial {escape(unit.serial_number)} " if unit.serial_number else ""
        grade = f"grade {escape(unit.grade)} " if unit.grade and unit.unit_index else ""
        if answers or serial:
            units.append(f"{serial}{grade}{answers}".strip())
    return units


def _inspector(ret):
    event = ret.events.filter(action="complete_inspection").order_by("-created_at").first()
    user = event.actor if event else None
    return (user.get_full_name() or user.get_username()) if user else ""


def evidence_payload(ret) -> dict:
    """Snapshot, when the inspection is complete, of what goes on the receipt picking."""
    from inspection.models import Photo

    photos = (Photo.objects.filter(Q(return_request=ret) | Q(line__request=ret), kind__in=PHOTO_KINDS)
              .order_by("pk").distinct())
    when = timezone.localtime(ret.inspected_at).strftime("%Y-%m-%d %H:%M %Z") if ret.inspected_at else ""
    items = []
    for line in ret.lines.select_related("product").prefetch_related("unit_inspections"):
        facts = [f"{line.quantity_received} received", f"{line.quantity_accepted} accepted"]
        if line.grade:
            facts.append(f"grade {escape(line.grade)}")
        if line.disposition:
            facts.append(escape(line.get_disposition_display()))
        text = f"<b>{escape(line.product.sku)}</b> {escape(line.product.name)}: " + ", ".join(facts)
        if line.condition_note:
            text += f" — {escape(line.condition_note)}"
        checks = _checklists(line)
        if checks:
            text += "<br>Checklist: " + "; ".join(checks)
        items.append(f"<li>{text}</li>")
    body = (f"<p><b>{escape(_marker(ret.rma_number))}</b></p>"
            f"<p>Inspector: {escape(_inspector(ret)) or '-'} · Completed: {escape(when) or '-'}</p>"
            f"<ul>{''.join(items)}</ul>")
    return {
        "rma_number": ret.rma_number, "target": "receipt", "receipt_reference": f"{ret.rma_number}/receipt",
        "marker": _marker(ret.rma_number), "note_html": body,
        "photos": [{"photo_id": p.pk, "line_id": p.line_id,
                    "name": f"{ret.rma_number}_{f'line{p.line_id}_' if p.line_id else ''}photo{p.pk}.jpg"}
                   for p in photos],
    }


def _rendition(photo_id):
    """The large metadata-free rendition's bytes; None when it could not be made."""
    from inspection.models import Photo, PhotoStatus

    photo = Photo.objects.get(pk=photo_id)
    if photo.status == PhotoStatus.FAILED:
        return None
    if photo.status != PhotoStatus.READY or not photo.large:
        raise PostingNotReady(f"Photo {photo_id} is still being processed.")
    with photo.large.open("rb") as handle:
        return handle.read()


def _attached(client, model, res_id, names):
    if not names:
        return {}
    rows = client.search_read("ir.attachment", [("res_model", "=", model), ("res_id", "=", res_id),
                                                ("name", "in", list(names))], ["name"])
    return {row["name"]: row["id"] for row in rows}


def _attach(client, model, res_id, name, data: bytes, mimetype, description=""):
    vals = {"name": name, "res_model": model, "res_id": res_id, "datas": base64.b64encode(data).decode("ascii"),
            "mimetype": mimetype}
    if description:
        vals["description"] = description
    return client.create("ir.attachment", vals)


def _receipt_evidence(client, posting, t):
    payload = posting.payload
    found = client.search_read("stock.picking", [("origin", "=", payload["receipt_reference"]),
                                                 ("picking_type_id", "=", t.receipt_type_id)], ["name"], limit=1)
    if not found:
        raise PostingNotReady(f"The receipt {payload['receipt_reference']} is not in Odoo yet.")
    picking = found[0]
    existing = _attached(client, "stock.picking", picking["id"], [p["name"] for p in payload["photos"]])
    attachment_ids = []
    for photo in payload["photos"]:
        if photo["name"] in existing:
            attachment_ids.append(existing[photo["name"]])
            continue
        data = _rendition(photo["photo_id"])
        if data is not None:
            attachment_ids.append(_attach(client, "stock.picking", picking["id"], photo["name"], data, "image/jpeg",
                                          "Inspection photo (rendition without metadata)"))
    noted = client.search_read("mail.message", [("model", "=", "stock.picking"), ("res_id", "=", picking["id"]),
                                                ("body", "ilike", payload["marker"])], ["id"], limit=1)
    if not noted:
        client.call("stock.picking", "message_post", [picking["id"]], body=payload["note_html"], body_is_html=True,
                    message_type="comment", subtype_xmlid="mail.mt_note", attachment_ids=attachment_ids)
    return PostingResult("stock.picking", picking["id"], picking["name"], note=f"{len(attachment_ids)} photos")


def _credit_note_evidence(client, posting):
    from refunds.breakdown_pdf import breakdown_pdf
    from refunds.services import refund_breakdown

    payload = posting.payload
    found = client.search_read("account.move", [("ref", "=", payload["credit_note_reference"]),
                                                ("move_type", "=", "out_refund")], ["name"], limit=1)
    if not found:
        raise PostingRefused(f"Credit note {payload['credit_note_reference']} is not in Odoo.")
    note = found[0]
    name = f"{payload['rma_number']}_refund_breakdown.pdf"
    if not _attached(client, "account.move", note["id"], [name]):
        pdf = breakdown_pdf(refund_breakdown(posting.request), credit_note_name=note["name"])
        _attach(client, "account.move", note["id"], name, pdf, "application/pdf", "Refund breakdown")
    return PostingResult("account.move", note["id"], note["name"], note="breakdown PDF")


def post_evidence(client, posting, t, *, look_up_first: bool):
    if posting.payload.get("target") == "credit_note":
        return _credit_note_evidence(client, posting)
    return _receipt_evidence(client, posting, t)
