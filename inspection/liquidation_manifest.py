"""A liquidation lot's manifest, for the buyer and the books: one row per unit (LPN, SKU, product name,
grade, RMA, the price the customer originally paid), the totals, the lot's reference and dates.

The same rows feed the CSV (made per request after the role check, never stored) and the PDF
(reportlab, as the project's other documents).
"""
import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

COLUMNS = ["LPN", "SKU", "Product", "Grade", "RMA", "Original price paid"]
# Spreadsheet programs run a cell that starts like a formula: such cells are written as text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ManifestRow:
    lpn: str
    sku: str
    product: str
    grade: str
    rma: str
    price_paid: Decimal | None  # per unit, tax included; None for an item that was not on the order

    def cells(self) -> list[str]:
        price = "" if self.price_paid is None else f"{self.price_paid:.2f}"
        return [self.lpn, self.sku, self.product, self.grade, self.rma, price]


def manifest_rows(lot) -> list[ManifestRow]:
    units = lot.units.select_related("plate__line__product", "plate__line__request", "plate__line__order_line")
    rows = []
    for unit in units.order_by("plate__code"):
        line = unit.plate.line
        paid = line.order_line.unit_price_incl_tax if line.order_line_id else None
        rows.append(ManifestRow(unit.plate.code, line.product.sku, line.product.name, line.grade,
                                line.request.rma_number, paid))
    return rows


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def header_facts(lot, rows) -> list[tuple[str, str]]:
    total = sum((row.price_paid or Decimal(0) for row in rows), Decimal(0))
    facts = [("Lot", lot.reference), ("State", lot.get_state_display()), ("Created", _when(lot.created_at)),
             ("Closed", _when(lot.closed_at)), ("Sold", _when(lot.sold_at)), ("Buyer", lot.buyer),
             ("Units", str(len(rows))), ("Original price paid, total", f"{total:.2f} {lot.currency}".strip())]
    if lot.recovery_value is not None:
        facts.append(("Recovery value (price the buyer pays)", f"{lot.recovery_value:.2f} {lot.currency}"))
    return facts


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def manifest_csv(lot) -> str:
    rows = manifest_rows(lot)
    out = io.StringIO()
    writer = csv.writer(out)
    for label, value in header_facts(lot, rows):
        writer.writerow([label, _text(value)])
    writer.writerow([])
    writer.writerow(COLUMNS + ["Currency"])
    for row in rows:
        writer.writerow([_text(cell) for cell in row.cells()] + [lot.currency])
    total = sum((row.price_paid or Decimal(0) for row in rows), Decimal(0))
    writer.writerow(["Total", "", "", "", f"{len(rows)} units", f"{total:.2f}", lot.currency])
    return out.getvalue()


def manifest_pdf(lot) -> bytes:
    rows = manifest_rows(lot)
    styles = getSampleStyleSheet()
    title = f"Liquidation manifest {escape(lot.reference)}"
    story = [Paragraph(title, styles["Title"])]
    story.append(Table([[label, value] for label, value in header_facts(lot, rows)],
                       style=[("FONTSIZE", (0, 0), (-1, -1), 9), ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold")],
                       hAlign="LEFT"))
    story.append(Spacer(1, 0.4 * cm))
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    table_rows = [COLUMNS] + [[Paragraph(escape(value), cell) for value in row.cells()] for row in rows]
    total = sum((row.price_paid or Decimal(0) for row in rows), Decimal(0))
    table_rows.append(["Total", "", "", "", f"{len(rows)} units", f"{total:.2f} {lot.currency}"])
    table = Table(table_rows, repeatRows=1, colWidths=[2.6 * cm, 3 * cm, 5.6 * cm, 1.2 * cm, 3 * cm, 2.6 * cm])
    table.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 7), ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                               ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                               ("ALIGN", (5, 1), (5, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=title, leftMargin=1.5 * cm, rightMargin=1.5 * cm).build(story)
    return buffer.getvalue()
