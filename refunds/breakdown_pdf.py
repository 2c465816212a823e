"""The refund breakdown as a one-page PDF (reportlab), attached to the credit note in Odoo so
that an accountant sees there how its amount was reached: each item, each deduction, shipping,
the return fee, the total and (store credit) the bonus. Built from the frozen breakdown only."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

LINE_COLUMNS = [("quantity", "Qty"), ("unit_price", "Unit price"), ("gross", "Gross"),
                ("grade_deduction", "Condition"), ("restocking_fee", "Restocking"),
                ("return_fee_share", "Return fee"), ("untaxed", "Untaxed"), ("tax", "Tax"), ("total", "Total")]


def breakdown_pdf(breakdown: dict, *, credit_note_name: str = "") -> bytes:
    styles = getSampleStyleSheet()
    currency = escape(breakdown.get("currency") or "")
    title = f"Refund breakdown {escape(breakdown.get('rma_number') or '')}"
    story = [Paragraph(title, styles["Title"])]
    facts = [f"Refund method: {escape(str(breakdown.get('method') or ''))}"]
    if credit_note_name:
        facts.append(f"Credit note: {escape(credit_note_name)}")
    story += [Paragraph(" · ".join(facts), styles["Normal"]), Spacer(1, 0.4 * cm)]
    rows = [["Item"] + [label for _key, label in LINE_COLUMNS]]
    for line in breakdown.get("lines", []):
        if not line.get("refunded"):
            continue
        item = f"{line.get('sku', '')} (grade {line.get('grade') or '-'})"
        rows.append([item] + [str(line.get(key, "")) for key, _label in LINE_COLUMNS])
    table = Table(rows, repeatRows=1)
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("ALIGN", (1, 1), (-1, -1), "RIGHT")]))
    story += [table, Spacer(1, 0.4 * cm)]
    shipping = (breakdown.get("shipping") or {}).get("total", "0")
    totals = [("Shipping refund", shipping), ("Return fee", breakdown.get("return_fee", "0")),
              ("Untaxed", breakdown.get("untaxed", "")), ("Tax", breakdown.get("tax", "")),
              ("Total refunded", breakdown.get("total", ""))]
    if breakdown.get("method") == "store_credit":
        totals += [("Store credit bonus", breakdown.get("store_credit_bonus", "0")),
                   ("Store credit given", breakdown.get("total_with_bonus", ""))]
    story.append(Table([[label, f"{value} {currency}"] for label, value in totals],
                       style=[("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTSIZE", (0, 0), (-1, -1), 9)]))
    for note in breakdown.get("explanations") or []:
        story.append(Paragraph(escape(str(note)), styles["Normal"]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=1.5 * cm, rightMargin=1.5 * cm).build(story)
    return buffer.getvalue()
