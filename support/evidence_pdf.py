"""The evidence pack's PDF: a document a bank or a vendor accepts as it is.

The store's brand heads every page and "Page N of M" closes it; a title block names the return, the
order, the customer and who made the pack when. Codes are shown as their labels and times in the
operator's zone (support.evidence_labels). Words never break mid-word: every cell is a Paragraph
that wraps only at spaces, and each table's columns are sized so its longest word fits
(`fit_widths`); the photos' SHA-256 and file names get a full-width line in a monospaced font.
"""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from returnflow.document_brand import DocumentBrand, document_brand

from . import evidence_labels as L
from .evidence_sections import audit_rows, line_details, odoo_rows, refund_rows

_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAGE_W, PAGE_H = A4
MARGIN = 1.5 * cm
WIDTH = PAGE_W - 2 * MARGIN
CELL_PAD = 4  # points left and right of a cell's text (Table's LEFTPADDING / RIGHTPADDING)


def _fonts() -> tuple[str, str, str]:
    """DejaVu when the machine has it (names like Chloé, ×, →), else the PDF standard fonts."""
    if "RF-Sans" in pdfmetrics.getRegisteredFontNames():
        return "RF-Sans", "RF-Sans-Bold", "RF-Mono"
    files = {"RF-Sans": "DejaVuSans.ttf", "RF-Sans-Bold": "DejaVuSans-Bold.ttf", "RF-Mono": "DejaVuSansMono.ttf"}
    if all((_DEJAVU / name).exists() for name in files.values()):
        for font, name in files.items():
            pdfmetrics.registerFont(TTFont(font, str(_DEJAVU / name)))
        return "RF-Sans", "RF-Sans-Bold", "RF-Mono"
    return "Helvetica", "Helvetica-Bold", "Courier"


class Styles:
    def __init__(self):
        self.font, self.bold, self.mono = _fonts()
        self.unicode = self.font == "RF-Sans"
        self.arrow = "→" if self.unicode else "->"
        base = getSampleStyleSheet()
        # splitLongWords=0: a word too long for its cell overflows rather than being cut in two.
        common = {"fontName": self.font, "splitLongWords": 0}
        self.h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=self.bold, fontSize=16, splitLongWords=0)
        self.h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=self.bold, fontSize=12, spaceBefore=10,
                                 splitLongWords=0)
        self.h3 = ParagraphStyle("h3", parent=base["BodyText"], fontName=self.bold, fontSize=9, leading=11,
                                 spaceBefore=6, splitLongWords=0)
        self.body = ParagraphStyle("body", parent=base["BodyText"], fontSize=9, leading=11, **common)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=7.5, leading=9.5)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=self.bold)
        self.code = ParagraphStyle("code", parent=self.cell, fontName=self.mono, fontSize=7)


def _p(text, style) -> Paragraph:
    return Paragraph(escape(str(text if text is not None else "")).replace("\n", "<br/>"), style)


def fit_widths(rows, total: float, s: Styles, header: bool = True) -> list[float]:
    """Column widths that fit each column's longest word, the rest shared by how much text a column holds."""
    columns = len(rows[0])
    least, natural = [0.0] * columns, [0.0] * columns
    for index, row in enumerate(rows):
        style = s.head if header and index == 0 else s.cell
        for col, cell in enumerate(row):
            for line in str(cell if cell is not None else "").split("\n"):
                width = pdfmetrics.stringWidth(line, style.fontName, style.fontSize)
                natural[col] = max(natural[col], width)
                for word in line.split():
                    least[col] = max(least[col], pdfmetrics.stringWidth(word, style.fontName, style.fontSize))
    # A column never claims more than half the table for one token (a URL): such a token is cut instead.
    least = [min(w + 2 * CELL_PAD + 1, total / 2) for w in least]
    # A long note is wrapped, not given the table: other columns keep their one-line width first.
    natural = [max(min(n + 2 * CELL_PAD + 1, total / 2), m) for n, m in zip(natural, least, strict=True)]
    spare = total - sum(least)
    if spare <= 0:  # cannot happen with this document's words; shrink evenly rather than overflow the page
        return [w * total / sum(least) for w in least]
    wants = [n - m for n, m in zip(natural, least, strict=True)]
    if sum(wants) <= spare:  # everything fits on one line: hand the rest out by natural width
        rest = spare - sum(wants)
        return [n + rest * n / sum(natural) for n in natural]
    return [m + spare * w / sum(wants) for m, w in zip(least, wants, strict=True)]


def _longest_word(text, style) -> float:
    words = str(text if text is not None else "").split()
    return max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words), default=0.0)


def table(rows, s: Styles, header: bool = True, total: float = WIDTH, widths=None, right=()) -> Table:
    """`right`: the columns of figures, aligned right so amounts line up."""
    widths = widths or fit_widths(rows, total, s, header)
    figures = ParagraphStyle("figures", parent=s.cell, alignment=2)
    # Only a token longer than its whole column (a pasted URL in a note, not a word) may be cut.
    long_token = ParagraphStyle("long-token", parent=s.cell, splitLongWords=1)

    def style_of(i, col, cell):
        style = s.head if header and i == 0 else figures if col in right else s.cell
        return long_token if _longest_word(cell, style) > widths[col] - 2 * CELL_PAD else style

    data = [[_p(cell, style_of(i, col, cell)) for col, cell in enumerate(row)] for i, row in enumerate(rows)]
    result = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    style = [("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    else:
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f3f5f8")))
    result.setStyle(TableStyle(style))
    return result


def _photo_image(photo, max_w=7 * cm, max_h=5.5 * cm):
    """The large rendition scaled to fit, or None until it exists (never the original, which may carry GPS)."""
    if not photo.large:
        return None
    try:
        with photo.large.open("rb") as handle:
            data = io.BytesIO(handle.read())
    except (OSError, ValueError):
        return None
    ratio = min(max_w / max(photo.width or 1, 1), max_h / max(photo.height or 1, 1))
    try:
        return Image(data, width=(photo.width or 1) * ratio, height=(photo.height or 1) * ratio)
    except Exception:  # reportlab raises bare errors for images it cannot read; the caption still lists it.
        return None


def _numbered_canvas(brand: DocumentBrand, heading: str, footer: str, s: Styles):
    """A canvas that keeps every page until the end, so each can say "Page N of M" and carry the header."""
    logo = None
    if brand.logo:
        try:
            logo = ImageReader(io.BytesIO(brand.logo))
        except Exception:  # a logo reportlab cannot read (e.g. an odd WebP): the name alone heads the page
            logo = None

    class NumberedCanvas(pdfcanvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            for number, page in enumerate(self._pages, start=1):
                self.__dict__.update(page)
                self._frame(number, len(self._pages))
                super().showPage()
            super().save()

        def _frame(self, number, total):
            top = PAGE_H - MARGIN
            x = MARGIN
            if logo is not None:
                w, h = logo.getSize()
                height = 1.0 * cm
                width = min(w * height / max(h, 1), 4 * cm)
                self.drawImage(logo, x, top - height, width=width, height=height, preserveAspectRatio=True,
                               anchor="sw", mask="auto")
                x += width + 0.3 * cm
            self.setFont(s.bold, 12)
            self.drawString(x, top - 0.65 * cm, brand.name)
            self.setFont(s.font, 8)
            self.drawRightString(PAGE_W - MARGIN, top - 0.65 * cm, heading)
            self.setStrokeColor(colors.grey)
            self.line(MARGIN, top - 1.2 * cm, PAGE_W - MARGIN, top - 1.2 * cm)
            self.drawString(MARGIN, MARGIN - 0.6 * cm, footer)
            self.drawRightString(PAGE_W - MARGIN, MARGIN - 0.6 * cm,
                                 _("Page %(n)s of %(m)s") % {"n": number, "m": total})

    return NumberedCanvas


def _title_block(record, facts: dict, s: Styles, generated_at) -> list:
    ret = record.ret
    customer = ret.customer
    rows = [[_("Return (RMA)"), ret.rma_number],
            [_("Order"), f"{ret.order.number} · {_('invoice')} {ret.order.invoice_number or '–'}"],
            [_("Customer"), " · ".join(filter(None, [customer.name, customer.email, customer.postcode]))],
            [_("Generated"), f"{L.when(generated_at)} {_('by')} {facts['generated_by']}"],
            [_("Times shown in"), L.zone_name()]]
    return [_p(_("Evidence pack for return %(rma)s") % {"rma": ret.rma_number}, s.h1),
            table(rows, s, header=False),
            Spacer(1, 4),
            _p(_("Photo hashes are SHA-256 of the original files as uploaded, which are kept as evidence and "
                 "not included (they may carry location data); the photos shown and packed are metadata-free "
                 "renditions. The ZIP holds the same facts as manifest.json, with the system's codes."), s.body)]


def _return_section(record, s: Styles) -> list:
    ret, order = record.ret, record.ret.order
    cur = order.currency
    rows = [[_("Return state"), L.state(ret.state)],
            [_("Channel"), L.channel(order.channel)],
            [_("Ordered / delivered"), f"{L.when(order.ordered_at) or '–'} / {L.when(order.delivered_at) or '–'}"],
            [_("Requested / authorized"), f"{L.when(ret.created_at) or '–'} / {L.when(ret.authorized_at) or '–'}"],
            [_("Received / inspected"), f"{L.when(ret.received_at) or '–'} / {L.when(ret.inspected_at) or '–'}"],
            [_("Refunded"), L.when(ret.refunded_at) or "–"],
            [_("Carrier"), " ".join(filter(None, [ret.carrier, ret.tracking_number])) or "–"],
            [_("Refund"), f"{L.money(ret.refund_amount, cur)} · {L.refund_method(ret.refund_method)}"
             if ret.refund_amount is not None else f"{_('Not calculated yet')} · {L.refund_method(ret.refund_method)}"]]
    if ret.exception_message:
        rows.append([_("Customer's words"), ret.exception_message])
    return [_p(_("Return and order"), s.h2), table(rows, s, header=False)]


def _lines_section(record, s: Styles) -> list:
    rows = [[_("Product"), _("Requested"), _("Received"), _("Accepted"), _("Reason"), _("Grade"),
             _("Disposition"), _("Inspected by / at")]]
    for lr in record.lines:
        line = lr.line
        rows.append([f"{line.product.sku}\n{line.product.name}", line.quantity_requested, line.quantity_received,
                     line.quantity_accepted, line.reason.label if line.reason else "–", L.grade(line.grade) or "–",
                     L.disposition(line.disposition) or "–",
                     f"{', '.join(lr.inspectors) or '–'}\n{L.when(lr.inspected_at)}".strip()])
    story = [_p(_("Lines and inspection"), s.h2), table(rows, s)]
    for lr in record.lines:
        story.append(KeepTogether([_p(f"{lr.line.product.sku} · {lr.line.product.name}", s.h3),
                                   table(line_details(lr), s, header=False), Spacer(1, 2)]))
    return story


def _photos_section(record, s: Styles) -> list:
    heading = _p(_("Photos"), s.h2)
    if not record.photos:
        return [heading, _p(_("No photos."), s.body)]
    story = []
    skus = {lr.line.pk: lr.line.product.sku for lr in record.lines}
    for photo in record.photos:
        uploader = (photo.uploaded_by.get_full_name() or photo.uploaded_by.get_username()) if photo.uploaded_by_id \
            else _("(automatic)")
        caption = table([[_("Kind"), L.photo_kind(photo.kind)],
                         [_("Line"), skus.get(photo.line_id, _("whole return"))],
                         [_("Uploaded"), f"{L.when(photo.created_at)} {_('by')} {uploader}"],
                         [_("Size"), ", ".join(filter(None, [f"{photo.width} × {photo.height} px"
                                                            if photo.width else "", L.file_size(photo.byte_size),
                                                            L.image_format(photo.mime_type)]))]],
                        s, header=False, total=WIDTH - 7.4 * cm)
        image = _photo_image(photo)
        missing = _("(image not readable)") if photo.large else _("(rendition still processing)")
        name = photo_file_name(photo) if photo.large else _("(not packed yet)")
        hashes = Table([[_p(_("Original SHA-256"), s.head), _p(photo.sha256, s.code)],
                        [_p(_("File in the ZIP"), s.head), _p(name, s.code)]],
                       colWidths=[3.2 * cm, WIDTH - 3.2 * cm])
        hashes.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                                    ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]))
        block = Table([[image or _p(missing, s.cell), caption]], colWidths=[7.4 * cm, WIDTH - 7.4 * cm])
        block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        # The heading stays with the first photo rather than alone at the foot of a page.
        story.append(KeepTogether(([] if story else [heading]) + [block, Spacer(1, 3), hashes, Spacer(1, 8)]))
    return story


def photo_file_name(photo) -> str:
    """The packed file: the large rendition, always a JPEG, named after the original's hash."""
    line = f"line{photo.line_id}-" if photo.line_id else ""
    return f"photos/{photo.pk:06d}-{line}{photo.kind}-{photo.sha256[:12]}-large.jpg"


def _money_sections(record, facts: dict, s: Styles) -> list:
    refund = facts["refund"]
    story = []
    if refund and not refund.get("error"):
        rows, notes = refund_rows(refund, record.ret.order.currency)
        story += [_p(_("Refund"), s.h2), table(rows, s, right=(1, 2, 3, 4, 5))]
        story += [_p(note, s.cell) for note in notes]
    elif refund:
        story += [_p(_("Refund"), s.h2), _p(refund["error"], s.body)]
    story.append(_p(_("Odoo documents"), s.h2))
    rows = odoo_rows(record.postings, {lr.line.pk: lr.line.product.sku for lr in record.lines})
    story.append(table(rows, s) if len(rows) > 1 else _p(_("Nothing posted to Odoo yet."), s.body))
    return story


def build_pdf(record, facts: dict) -> bytes:
    s = Styles()
    brand = document_brand()
    generated_at = timezone.now()
    rma = record.ret.rma_number
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN + 1.6 * cm,
                            bottomMargin=MARGIN + 0.4 * cm, title=_("Evidence pack %(rma)s") % {"rma": rma},
                            author=brand.name or "Returnflow")
    story = _title_block(record, facts, s, generated_at) + _return_section(record, s) + _lines_section(record, s)
    story += _photos_section(record, s)
    story += [_p(_("Decisions and audit trail"), s.h2), table(audit_rows(record, s.arrow), s)]
    story += _money_sections(record, facts, s)
    heading = _("Evidence pack · return %(rma)s") % {"rma": rma}
    footer = _("Generated %(at)s by %(who)s") % {"at": L.when(generated_at), "who": facts["generated_by"]}
    doc.build(story, canvasmaker=_numbered_canvas(brand, heading, footer, s))
    return out.getvalue()
