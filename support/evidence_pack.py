"""The evidence pack of a return, for chargeback disputes and vendor claims.

- a PDF (reportlab) a person reads: the return, its lines with grades, dispositions, checklist
  answers, serials and inspectors, the photos with their SHA-256, the decisions and the audit trail,
  the refund and the Odoo documents;
- a ZIP a machine verifies: each photo's large rendition (metadata-free: no GPS, no EXIF), a
  manifest.json with the same facts, a SHA256SUMS file of the packed files (`sha256sum -c SHA256SUMS`)
  and the PDF.

Originals are never packed: they may carry the phone's GPS position. They stay in private storage as
evidence; the pack names each original's SHA-256 (taken at upload), re-hashes the stored original
while packing and says whether it still matches, so the original can be produced and verified on
request without ever leaving the system by download.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from refunds.services import PRICED_STATES, refund_preview

from .record import ReturnRecord, person

_FONT_CANDIDATES = [
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def _fonts() -> tuple[str, str]:
    """A Unicode TrueType font when the machine has one (names like Chloé, ×, →), else Helvetica."""
    if "RF-Sans" in pdfmetrics.getRegisteredFontNames():
        return "RF-Sans", "RF-Sans-Bold"
    for regular, bold in _FONT_CANDIDATES:
        if Path(regular).exists() and Path(bold).exists():
            pdfmetrics.registerFont(TTFont("RF-Sans", regular))
            pdfmetrics.registerFont(TTFont("RF-Sans-Bold", bold))
            return "RF-Sans", "RF-Sans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S %Z") if value else ""


def _photo_name(photo) -> str:
    """The packed file: the large rendition, always a JPEG, named after the original's hash."""
    line = f"line{photo.line_id}-" if photo.line_id else ""
    return f"photos/{photo.pk:06d}-{line}{photo.kind}-{photo.sha256[:12]}-large.jpg"


# --- facts shared by the PDF and the manifest ------------------------------------------------------
def facts(record: ReturnRecord, generated_by) -> dict:
    ret = record.ret
    return {
        "rma_number": ret.rma_number, "state": ret.state, "generated_at": timezone.now().isoformat(),
        "generated_by": person(generated_by),
        "customer": {"name": ret.customer.name, "email": ret.customer.email, "postcode": ret.customer.postcode},
        "order": {"number": ret.order.number, "invoice": ret.order.invoice_number, "channel": ret.order.channel,
                  "currency": ret.order.currency, "ordered_at": _iso(ret.order.ordered_at),
                  "delivered_at": _iso(ret.order.delivered_at)},
        "return": {"created_at": _iso(ret.created_at), "authorized_at": _iso(ret.authorized_at),
                   "received_at": _iso(ret.received_at), "inspected_at": _iso(ret.inspected_at),
                   "refunded_at": _iso(ret.refunded_at), "refund_method": ret.refund_method,
                   "refund_amount": str(ret.refund_amount) if ret.refund_amount is not None else None,
                   "carrier": ret.carrier, "tracking_number": ret.tracking_number,
                   "customer_exception_message": ret.exception_message},
        "lines": [_line_facts(lr) for lr in record.lines],
        "photos": [_photo_facts(p) for p in record.photos],
        "events": [{"at": _iso(e["event"].created_at), "actor": e["actor"], "action": e["event"].action,
                    "from_state": e["event"].from_state, "to_state": e["event"].to_state,
                    "reason": e["event"].reason, "note": e["event"].note, "request_id": e["event"].request_id,
                    "data": e["event"].data} for e in record.events],
        "refund": refund_preview(ret) if ret.state in PRICED_STATES else None,
        "odoo_documents": [{"kind": p.kind, "reference": p.reference, "state": p.state, "odoo_model": p.odoo_model,
                            "odoo_id": p.odoo_id, "odoo_name": p.odoo_name, "sent_at": _iso(p.sent_at)}
                           for p in record.postings],
    }


def _iso(value):
    return value.isoformat() if value else None


def _line_facts(lr) -> dict:
    line = lr.line
    return {
        "line_id": line.pk, "sku": line.product.sku, "product": line.product.name,
        "quantity_requested": line.quantity_requested, "quantity_received": line.quantity_received,
        "quantity_accepted": line.quantity_accepted, "reason": line.reason.label if line.reason else "",
        "customer_condition_note": line.condition_note, "customer_comment": line.customer_comment,
        "grade": line.grade, "disposition": line.disposition, "hold_reason": line.hold_reason,
        "unexpected": line.unexpected, "inspectors": lr.inspectors, "inspected_at": _iso(lr.inspected_at),
        "checklist": [{"item": label, "answer": answer} for label, answer in lr.checklist],
        "serials_shipped": lr.shipped_serials, "units": lr.units,
        "holds": [{"kind": h.kind, "reason": h.reason, "status": h.status, "created_at": _iso(h.created_at),
                   "decided_by": person(h.decided_by) if h.decided_by_id else None,
                   "decided_at": _iso(h.decided_at), "decision_note": h.decision_note} for h in lr.holds],
    }


def _photo_facts(photo) -> dict:
    # sha256, mime_type and bytes describe the original as uploaded (kept privately, not packed).
    return {"id": photo.pk, "file": _photo_name(photo) if photo.large else None, "sha256": photo.sha256,
            "original_sha256": photo.sha256, "original_packed": False, "kind": photo.kind,
            "line_id": photo.line_id, "mime_type": photo.mime_type, "bytes": photo.byte_size,
            "width": photo.width, "height": photo.height,
            "uploaded_by": person(photo.uploaded_by) if photo.uploaded_by_id else None,
            "uploaded_at": _iso(photo.created_at)}


# --- PDF -------------------------------------------------------------------------------------------
class _Styles:
    def __init__(self):
        regular, bold = _fonts()
        base = getSampleStyleSheet()
        self.font, self.bold = regular, bold
        self.h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, fontSize=16)
        self.h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=10)
        self.body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9, leading=11)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=7.5, leading=9)


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def _table(rows, widths, s: _Styles, header=True) -> Table:
    data = [[_p(cell, s.small) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    table.setStyle(TableStyle(style))
    return table


def _image(photo, max_w=8 * cm, max_h=6 * cm):
    """The large rendition scaled to fit, or None until it exists (never the original, which may carry GPS)."""
    if not photo.large:
        return None
    try:
        with photo.large.open("rb") as handle:
            data = io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None
    ratio = min(max_w / max(photo.width, 1), max_h / max(photo.height, 1))
    try:
        return Image(data, width=photo.width * ratio, height=photo.height * ratio)
    except Exception:  # reportlab raises bare errors for images it cannot read; the table still lists it.
        return None


def build_pdf(record: ReturnRecord, generated_by) -> bytes:
    s = _Styles()
    f = facts(record, generated_by)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=1.5 * cm, rightMargin=1.5 * cm, topMargin=1.5 * cm,
                            bottomMargin=1.5 * cm, title=f"Evidence pack {f['rma_number']}", author="Returnflow")
    width = A4[0] - 3 * cm
    story = [_p(_("Evidence pack: %(rma)s") % {"rma": f["rma_number"]}, s.h1),
             _p(_("Generated %(at)s by %(who)s. Photo hashes are SHA-256 of the original files as uploaded, "
                  "which are kept as evidence and not included (they may carry location data); the photos "
                  "shown and packed are metadata-free renditions.") % {
                 "at": f["generated_at"], "who": f["generated_by"]}, s.body)]
    o, r = f["order"], f["return"]
    story += [_p(_("Return and order"), s.h2), _table([
        [_("Customer"), f"{f['customer']['name']} <{f['customer']['email']}> {f['customer']['postcode']}"],
        [_("Order"), f"{o['number']} · {_('invoice')} {o['invoice']} · {o['channel']} · {o['currency']}"],
        [_("Ordered / delivered"), f"{o['ordered_at'] or ''} / {o['delivered_at'] or ''}"],
        [_("Return state"), f["state"]],
        [_("Requested / authorized"), f"{r['created_at'] or ''} / {r['authorized_at'] or ''}"],
        [_("Received / inspected"), f"{r['received_at'] or ''} / {r['inspected_at'] or ''}"],
        [_("Carrier"), f"{r['carrier']} {r['tracking_number']}"],
        [_("Refund"), f"{r['refund_amount'] or '-'} {o['currency']} · {r['refund_method']}"],
        [_("Customer's words"), r["customer_exception_message"]],
    ], [4 * cm, width - 4 * cm], s, header=False)]

    story += [_p(_("Lines and inspection"), s.h2), _table(
        [[_("SKU / product"), _("Req."), _("Recv."), _("Acc."), _("Reason"), _("Grade"), _("Disposition"),
          _("Inspected by / at")]]
        + [[f"{ln['sku']}\n{ln['product']}", ln["quantity_requested"], ln["quantity_received"],
            ln["quantity_accepted"], ln["reason"], ln["grade"], ln["disposition"],
            f"{', '.join(ln['inspectors'])}\n{ln['inspected_at'] or ''}"] for ln in f["lines"]],
        [4.2 * cm, 1 * cm, 1.1 * cm, 1 * cm, 2.8 * cm, 1.2 * cm, 2.2 * cm, width - 13.5 * cm], s)]
    for ln in f["lines"]:
        details = [[_("Checklist"), "; ".join(f"{c['item']}: {c['answer'] or '-'}" for c in ln["checklist"]) or "-"],
                   [_("Serials shipped"), ", ".join(ln["serials_shipped"]) or "-"],
                   [_("Units returned"), "; ".join(
                       f"#{u['index']} {u['serial'] or '-'} {_('grade')} {u['grade'] or '-'}"
                       + (f" ({_('failed')}: {', '.join(u['failed'])})" if u["failed"] else "")
                       for u in ln["units"]) or "-"],
                   [_("Customer's note"), " ".join(filter(None, [ln["customer_condition_note"],
                                                                ln["customer_comment"]])) or "-"]]
        for h in ln["holds"]:
            decided = f" {_('by')} {h['decided_by']} {h['decided_at']}: {h['decision_note']}" if h["decided_by"] else ""
            details.append([_("Hold"), f"{h['kind']}: {h['reason']} - {h['status']}{decided}"])
        story += [KeepTogether([_p(f"{ln['sku']} ({_('line')} {ln['line_id']})", s.body),
                                _table(details, [3.5 * cm, width - 3.5 * cm], s, header=False), Spacer(1, 4)])]

    story += [_p(_("Photos"), s.h2)]
    if not record.photos:
        story.append(_p(_("No photos."), s.body))
    for photo, pf in zip(record.photos, f["photos"], strict=True):
        caption = _table([[_("File"), pf["file"] or _("(processing)")], [_("Original SHA-256"), pf["sha256"]],
                          [_("Kind / line"), f"{pf['kind']} / {pf['line_id'] or '-'}"],
                          [_("Uploaded"), f"{pf['uploaded_by'] or '-'} {pf['uploaded_at']}"],
                          [_("Size"), f"{pf['width']}×{pf['height']} px, {pf['bytes']} bytes, {pf['mime_type']}"]],
                         [2.4 * cm, 7 * cm], s, header=False)
        image = _image(photo)
        missing = _("(image not readable)") if photo.large else _("(rendition still processing)")
        story.append(KeepTogether([Table([[image or _p(missing, s.small), caption]],
                                         colWidths=[width - 9.4 * cm, 9.4 * cm]), Spacer(1, 6)]))

    story += [_p(_("Decisions and audit trail"), s.h2), _table(
        [[_("When"), _("Who"), _("What"), _("State"), _("Reason"), _("Note")]]
        + [[e["at"][:19].replace("T", " "), e["actor"], e["action"],
            f"{e['from_state']} -> {e['to_state']}" if e["from_state"] != e["to_state"] else "", e["reason"], e["note"]]
           for e in f["events"]],
        [2.9 * cm, 2.6 * cm, 3 * cm, 3.2 * cm, 2.4 * cm, width - 14.1 * cm], s)]

    refund = f["refund"]
    if refund and not refund.get("error"):
        rows = [[_("Item"), _("Qty"), _("Gross"), _("Deductions and fees"), _("Tax"), _("Total")]]
        for ln in refund["lines"]:
            if ln.get("refunded"):
                cuts = sum(Decimal(ln[k]) for k in ("grade_deduction", "restocking_fee", "return_fee_share"))
                rows.append([ln["sku"], ln["quantity"], ln["gross"], f"-{cuts}",
                             ln["tax"], ln["total"]])
        rows += [[_("Shipping"), "", "", "", refund["shipping"]["tax"], refund["shipping"]["total"]],
                 [_("Total") + f" ({refund['currency']}, {refund['method']})", "", "", "", refund["tax"],
                  refund["total"]]]
        story += [_p(_("Refund"), s.h2), _table(rows, [5 * cm, 1.2 * cm, 2.5 * cm, 3.5 * cm, 2.5 * cm,
                                                        width - 14.7 * cm], s)]
        story += [_p(note, s.small) for ln in refund["lines"] for note in ln.get("explanations", [])]
        story += [_p(note, s.small) for note in refund.get("explanations", [])]
    elif refund:
        story += [_p(_("Refund"), s.h2), _p(refund["error"], s.body)]

    story += [_p(_("Odoo documents"), s.h2)]
    story.append(_table([[_("Kind"), _("Reference"), _("State"), _("Odoo document"), _("Sent")]]
                        + [[d["kind"], d["reference"], d["state"],
                            f"{d['odoo_name']} ({d['odoo_model']} {d['odoo_id'] or ''})" if d["odoo_id"] else "",
                            d["sent_at"] or ""] for d in f["odoo_documents"]],
                        [2.5 * cm, 5 * cm, 2 * cm, 4.5 * cm, width - 14 * cm], s)
                 if f["odoo_documents"] else _p(_("Nothing posted to Odoo yet."), s.body))
    doc.build(story)
    return out.getvalue()


# --- ZIP -------------------------------------------------------------------------------------------
def write_zip(record: ReturnRecord, generated_by, target) -> dict:
    """Write the ZIP into the binary file `target`; returns the manifest."""
    manifest = facts(record, generated_by)
    sums = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for photo, entry in zip(record.photos, manifest["photos"], strict=True):
            entry["hash_matches"] = _original_still_matches(photo)
            if not entry["file"]:
                continue  # no rendition yet: listed with its original's hash, nothing packed
            digest = hashlib.sha256()
            try:
                with photo.large.open("rb") as source, archive.open(entry["file"], "w") as dest:
                    for chunk in iter(lambda: source.read(1024 * 1024), b""):
                        digest.update(chunk)
                        dest.write(chunk)
            except (OSError, ValueError):
                entry["missing"] = True
                continue
            entry["file_sha256"] = digest.hexdigest()
            sums.append(f"{entry['file_sha256']}  {entry['file']}")
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False, default=str))
        archive.writestr("SHA256SUMS", "\n".join(sums) + ("\n" if sums else ""))
        archive.writestr("evidence.pdf", build_pdf(record, generated_by))
    return manifest


def _original_still_matches(photo) -> bool:
    """Re-hash the privately stored original (read, never packed) against the hash taken at upload."""
    digest = hashlib.sha256()
    try:
        with photo.original.open("rb") as source:
            for chunk in iter(lambda: source.read(1024 * 1024), b""):
                digest.update(chunk)
    except (OSError, ValueError):
        return False
    return digest.hexdigest() == photo.sha256
