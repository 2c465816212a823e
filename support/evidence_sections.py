"""The evidence pack PDF's tables as rows of plain text, every code already turned into its label
(support.evidence_labels); support.evidence_pdf lays them out."""
from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from . import evidence_labels as L


def line_details(lr) -> list[list[str]]:
    """Checklist, serials, units, the customer's note and the holds of one line."""
    line = lr.line
    rows = [[_("Checklist"), "; ".join(f"{label}: {L.answer(answer)}" for label, answer in lr.checklist) or "–"],
            [_("Serials shipped"), ", ".join(lr.shipped_serials) or "–"]]
    if lr.units:
        rows.append([_("Units returned"), "\n".join(_unit(u) for u in lr.units)])
    rows.append([_("Customer's note"), " ".join(filter(None, [line.condition_note, line.customer_comment])) or "–"])
    for hold in lr.holds:
        text = f"{L.hold_kind(hold.kind)}: {hold.reason.rstrip('. ')}. {_('Status')}: {L.hold_status(hold.status)}"
        if hold.decided_by_id:
            who = hold.decided_by.get_full_name() or hold.decided_by.get_username()
            text += f" {_('by')} {who}, {L.when(hold.decided_at)}"
            if hold.decision_note:
                text += f": {hold.decision_note}"
        rows.append([_("Hold"), text])
    return rows


def _unit(unit: dict) -> str:
    text = _("Unit %(n)s: serial %(serial)s, grade %(grade)s") % {
        "n": unit["index"], "serial": unit["serial"] or "–", "grade": L.grade(unit["grade"]) or "–"}
    if unit["failed"]:
        text += "; " + _("failed: %(checks)s") % {"checks": ", ".join(unit["failed"])}
    return text


def _event_details(event, skus: dict) -> str:
    """What an audit entry changed, in words (the detail page's own summary keeps codes)."""
    data = event.data or {}
    after = data.get("after") if isinstance(data.get("after"), dict) else None
    if event.action == "line_inspected" and after:
        text = _("%(sku)s: grade %(grade)s, %(disposition)s, %(n)s accepted") % {
            "sku": skus.get(data.get("line"), "–"), "grade": L.grade(after.get("grade")) or "–",
            "disposition": L.disposition(after.get("disposition")) or "–", "n": after.get("quantity_accepted", "–")}
        return text
    if event.action == "mark_shipped":
        return " ".join(filter(None, [data.get("carrier"), data.get("tracking_number")]))
    if event.action == "refund_method_changed":
        return f"{L.refund_method(data.get('before'))} / {L.refund_method(data.get('after'))}"
    if data.get("line") in skus:
        return skus[data["line"]]
    return ""


def audit_rows(record, arrow: str) -> list[list[str]]:
    skus = {lr.line.pk: lr.line.product.sku for lr in record.lines}
    rows = [[_("When"), _("Who"), _("What"), _("State"), _("Reason"), _("Note")]]
    for entry in record.events:
        event = entry["event"]
        what = L.action(event.action)
        details = _event_details(event, skus)
        moved = (f"{L.state(event.from_state)} {arrow} {L.state(event.to_state)}"
                 if event.to_state and event.from_state != event.to_state else "")
        rows.append([L.when(event.created_at), entry["actor"], f"{what}\n{details}" if details else what, moved,
                     L.reason(event.reason) if event.reason else "", event.note or ""])
    return rows


def refund_rows(refund: dict, currency: str) -> tuple[list[list[str]], list[str]]:
    """The refund table (each amount with its currency) and the explanations under it."""
    cur = refund.get("currency") or currency
    rows = [[_("Item"), _("Qty"), _("Gross"), _("Deductions and fees"), _("Tax"), _("Total")]]
    for line in refund.get("lines", []):
        if not line.get("refunded"):
            continue
        cuts = sum((Decimal(str(line.get(k) or 0)) for k in ("grade_deduction", "restocking_fee", "return_fee_share")),
                   Decimal(0))
        rows.append([f"{line.get('sku', '')}\n{line.get('product', '')}".strip(), str(line.get("quantity", "")),
                     L.money(line.get("gross"), cur), L.money(cuts, cur, deduction=True),
                     L.money(line.get("tax"), cur), L.money(line.get("total"), cur)])
    shipping = refund.get("shipping") or {}
    rows.append([_("Shipping"), "", "", "", L.money(shipping.get("tax", 0), cur),
                 L.money(shipping.get("total", 0), cur)])
    rows.append([_("Total refunded") + f" · {L.refund_method(refund.get('method'))}", "", "", "",
                 L.money(refund.get("tax"), cur), L.money(refund.get("total"), cur)])
    if refund.get("method") == "store_credit" and Decimal(str(refund.get("store_credit_bonus") or 0)):
        rows.append([_("Store credit bonus"), "", "", "", "", L.money(refund.get("store_credit_bonus"), cur)])
        rows.append([_("Store credit given"), "", "", "", "", L.money(refund.get("total_with_bonus"), cur)])
    notes = [str(n) for line in refund.get("lines", []) for n in line.get("explanations", [])]
    notes += [str(n) for n in refund.get("explanations", [])]
    return rows, notes


def _posting_label(posting, skus: dict) -> str:
    """"Disposition move · SKU", "Evidence (on the credit note)": two postings of one kind told apart."""
    label = L.posting_kind(posting.kind)
    # Evidence references end with the document they go on (integrations.postings._enqueue_evidence).
    target = posting.reference.rpartition("/")[2] if posting.kind == "evidence" else ""
    on = {"receipt": _("on the return receipt"), "credit_note": _("on the credit note")}.get(target)
    if on:
        return f"{label} ({on})"
    return f"{label} · {skus[posting.line_id]}" if posting.line_id in skus else label


def odoo_rows(postings, skus: dict | None = None) -> list[list[str]]:
    """What was posted to Odoo, by the document's number there (the idempotency reference stays in the ZIP)."""
    rows = [[_("Document"), _("Odoo number"), _("State"), _("Sent")]]
    for posting in postings:
        number = posting.odoo_name or (f"#{posting.odoo_id}" if posting.odoo_id else "–")
        rows.append([_posting_label(posting, skus or {}), number, L.posting_state(posting.state),
                     L.when(posting.sent_at) or "–"])
    return rows
