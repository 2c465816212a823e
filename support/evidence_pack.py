"""The evidence pack of a return, for chargeback disputes and vendor claims.

- a PDF (reportlab, laid out in support.evidence_pdf) a person reads: the return, its lines with
  grades, dispositions, checklist answers, serials and inspectors, the photos with their SHA-256, the
  decisions and the audit trail, the refund and the Odoo documents, all in labels and the operator's
  time zone under the store's brand;
- a ZIP a machine verifies: each photo's large rendition (metadata-free: no GPS, no EXIF), a
  manifest.json with the same facts as codes and ISO 8601 times, a SHA256SUMS file of the packed
  files (`sha256sum -c SHA256SUMS`) and the PDF.

Originals are never packed: they may carry the phone's GPS position. They stay in private storage as
evidence; the pack names each original's SHA-256 (taken at upload), re-hashes the stored original
while packing and says whether it still matches, so the original can be produced and verified on
request without ever leaving the system by download.
"""
from __future__ import annotations

import hashlib
import json
import zipfile

from django.utils import timezone

from refunds.services import PRICED_STATES, refund_preview

from . import evidence_pdf
from .record import ReturnRecord, person


def _photo_name(photo) -> str:
    return evidence_pdf.photo_file_name(photo)


# --- facts: the manifest's content, with the system's codes (the PDF shows their labels) -----------
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
def build_pdf(record: ReturnRecord, generated_by) -> bytes:
    """The document for people (labels, the operator's time zone, the brand): support.evidence_pdf."""
    return evidence_pdf.build_pdf(record, facts(record, generated_by))


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
