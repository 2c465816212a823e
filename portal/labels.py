"""The printable return label and packing slip (one A4 page, PDF, reportlab).

Top half: the label for the parcel, with the RMA number as text, as a Code 128 barcode and as a QR
code; both codes encode exactly the RMA number, which the warehouse scans on arrival. Bottom half:
the packing slip that goes inside the parcel. Printing at 100 % keeps the barcode scannable.
"""
import io

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

DEFAULT_RETURN_ADDRESS = ["Returnflow Returns Centre", "Returns department", "Dock 4, Logistics Park 12",
                          "1000 AA Amsterdam", "Netherlands"]
WIDTH, HEIGHT = A4
MARGIN = 15 * mm


def return_address(ret=None) -> list[str]:
    """The address of the warehouse the return goes to (returns.Warehouse) where it has one, else the
    operator's one return address."""
    warehouse = getattr(ret, "warehouse", None)
    if warehouse is not None and warehouse.address.strip():
        return [warehouse.name] + [line.strip() for line in warehouse.address.splitlines() if line.strip()]
    return list(settings.RETURNFLOW.get("RETURN_ADDRESS") or DEFAULT_RETURN_ADDRESS)


def sender_address(ret) -> list[str]:
    """The customer's address as far as the order snapshot holds it: name, postcode and the shipping
    country's ISO code. The order and customer models keep no street or city (Odoo's partner has them,
    the snapshot does not copy them), so those lines cannot print."""
    order = ret.order
    lines = [ret.customer.name, order.shipping_postcode or ret.customer.postcode, (order.shipping_country or "").upper()]
    return [line.strip() for line in lines if line and line.strip()]


def _qr(canvas_, value, x, y, size):
    widget = QrCodeWidget(value, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas_, x, y)


def _text_block(c, x, y, lines, font="Helvetica", size=10, leading=13):
    c.setFont(font, size)
    for line in lines:
        c.drawString(x, y, line)
        y -= leading
    return y


def _label(c, ret):
    top = HEIGHT - MARGIN
    c.setLineWidth(1.2)
    c.rect(MARGIN, HEIGHT / 2 + 5 * mm, WIDTH - 2 * MARGIN, HEIGHT / 2 - MARGIN - 5 * mm)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN + 6 * mm, top - 10 * mm, _("RETURN LABEL - stick this on the parcel"))
    _text_block(c, MARGIN + 6 * mm, top - 20 * mm, [_("From:")] + sender_address(ret), size=10)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(WIDTH / 2, top - 20 * mm, _("Deliver to:"))
    _text_block(c, WIDTH / 2, top - 26 * mm, return_address(ret), font="Helvetica-Bold", size=12, leading=15)

    c.setFont("Helvetica-Bold", 26)
    c.drawString(MARGIN + 6 * mm, top - 62 * mm, ret.rma_number)
    barcode = code128.Code128(ret.rma_number, barHeight=22 * mm, barWidth=0.42 * mm, humanReadable=True,
                              fontSize=10)
    barcode.drawOn(c, MARGIN + 2 * mm, top - 95 * mm)
    _qr(c, ret.rma_number, WIDTH - MARGIN - 48 * mm, top - 110 * mm, 42 * mm)
    c.setFont("Helvetica", 9)
    c.drawString(MARGIN + 6 * mm, top - 105 * mm,
                 _("Order %(order)s  ·  %(date)s") % {"order": ret.order.number,
                                                       "date": date_format(timezone.localtime(), "j M Y")})


def _cut_line(c):
    c.setDash(4, 3)
    c.setLineWidth(0.6)
    c.line(MARGIN, HEIGHT / 2, WIDTH - MARGIN, HEIGHT / 2)
    c.setDash()
    c.setFont("Helvetica", 8)
    c.drawCentredString(WIDTH / 2, HEIGHT / 2 - 4 * mm, _("cut or fold here"))


def _packing_slip(c, ret):
    y = HEIGHT / 2 - 14 * mm
    c.setFont("Helvetica-Bold", 14)
    c.drawString(MARGIN, y, _("PACKING SLIP - put this inside the parcel"))
    y = _text_block(c, MARGIN, y - 9 * mm, [
        _("Return: %(rma)s") % {"rma": ret.rma_number},
        _("Order: %(order)s") % {"order": ret.order.number},
        _("Customer: %(name)s") % {"name": ret.customer.name},
    ], size=11, leading=15)
    y -= 4 * mm
    c.setFont("Helvetica-Bold", 10)
    c.drawString(MARGIN, y, _("Qty"))
    c.drawString(MARGIN + 14 * mm, y, _("Item"))
    c.drawString(WIDTH - MARGIN - 55 * mm, y, _("Reason"))
    c.line(MARGIN, y - 2 * mm, WIDTH - MARGIN, y - 2 * mm)
    y -= 7 * mm
    c.setFont("Helvetica", 10)
    for line in ret.lines.select_related("product", "reason"):
        c.drawString(MARGIN, y, str(line.quantity_requested))
        c.drawString(MARGIN + 14 * mm, y, f"{line.product.name} ({line.product.sku})"[:70])
        c.drawString(WIDTH - MARGIN - 55 * mm, y, (line.reason.label if line.reason else "")[:32])
        y -= 6 * mm
    y -= 6 * mm
    c.setFont("Helvetica-Bold", 11)
    c.drawString(MARGIN, y, _("How to send it"))
    _text_block(c, MARGIN, y - 6 * mm, [
        _("1. Pack the items with their accessories, ideally in the original packaging."),
        _("2. Put this packing slip inside the parcel and stick the label on the outside."),
        _("3. Drop the parcel off at any parcel shop of your carrier and keep the receipt."),
        _("4. Enter the carrier and tracking number on your return's status page."),
        _("Send it within %(days)d days; after that the authorization expires.")
        % {"days": settings.RETURNFLOW["AUTHORIZATION_EXPIRY_DAYS"]},
    ], size=10, leading=14)


def label_pdf(ret) -> bytes:
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(_("Return label %(rma)s") % {"rma": ret.rma_number})
    c.setAuthor("Returnflow")
    c.setSubject(ret.rma_number)
    _label(c, ret)
    _cut_line(c)
    _packing_slip(c, ret)
    c.showPage()
    c.save()
    return buffer.getvalue()
