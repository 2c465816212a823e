"""The license plate label of one unit: ZPL for Zebra-type printers and PDF for any printer.

Both carry the LPN as a Code 128 (what every later scan reads), the SKU (also as Code 128), the
grade and the disposition. ZPL goes to the configured printer over raw TCP (port 9100, the
"JetDirect" socket every Zebra listens on: `settings.RETURNFLOW_LABEL_PRINTER = "host[:port]"`) or is
downloaded; the PDF is a 100 × 50 mm page (reportlab, as the portal's return label).
"""
import io
import socket

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.barcode import code128
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from returns.errors import ReturnsError
from returns.warehouses import default_warehouse

RAW_PRINT_PORT = 9100
PRINT_TIMEOUT_SECONDS = 5
LABEL_SIZE = (100 * mm, 50 * mm)
# What a ZPL field may carry as is; anything else is sent hex-escaped (^FH), so a SKU or product
# name containing ^ or ~ can never be read by the printer as a command.
ZPL_PLAIN = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -.:/#")


class PrinterUnavailable(ReturnsError):
    status = 503
    code = "printer_unavailable"


def label_fields(plate) -> dict:
    line = plate.line
    return {"lpn": plate.code, "sku": line.product.sku, "name": line.product.name[:40],
            "grade": line.grade or "-", "disposition": line.get_disposition_display() if line.disposition else "-",
            "rma": line.request.rma_number, "unit": plate.unit_index}


def _zpl_text(value) -> str:
    return "".join(ch if ch in ZPL_PLAIN else "".join(f"_{b:02X}" for b in ch.encode()) for ch in str(value))


def label_zpl(plate) -> str:
    """A 4 × 2 inch label at 203 dpi: LPN barcode on top, SKU barcode, then grade and disposition."""
    f = {key: _zpl_text(value) for key, value in label_fields(plate).items()}
    return "\n".join([
        "^XA", "^CI28", "^PW812", "^LL406", "^LH0,0",
        f"^FO30,20^A0N,34,34^FH_^FD{f['lpn']}^FS",
        f"^FO30,60^BY3^BCN,110,N,N,N^FH_^FD{f['lpn']}^FS",
        f"^FO30,185^A0N,28,28^FH_^FDSKU {f['sku']}^FS",
        f"^FO30,220^BY2^BCN,50,N,N,N^FH_^FD{f['sku']}^FS",
        f"^FO30,290^A0N,40,40^FH_^FDGRADE {f['grade']}   {f['disposition']}^FS",
        f"^FO30,345^A0N,24,24^FH_^FD{f['rma']} #{f['unit']}  {f['name']}^FS",
        "^XZ", ""])


def label_pdf(plate) -> bytes:
    fields = label_fields(plate)
    buffer = io.BytesIO()
    width, height = LABEL_SIZE
    c = canvas.Canvas(buffer, pagesize=LABEL_SIZE)
    c.setTitle(_("License plate %(lpn)s") % {"lpn": plate.code})
    c.setAuthor("Returnflow")
    c.setSubject(plate.code)
    c.setFont("Helvetica-Bold", 14)
    c.drawString(4 * mm, height - 7 * mm, fields["lpn"])
    code128.Code128(fields["lpn"], barHeight=14 * mm, barWidth=0.38 * mm).drawOn(c, 1 * mm, height - 23 * mm)
    c.setFont("Helvetica", 9)
    c.drawString(4 * mm, height - 28 * mm, f"SKU {fields['sku']}")
    code128.Code128(fields["sku"], barHeight=6 * mm, barWidth=0.25 * mm).drawOn(c, 1 * mm, height - 36 * mm)
    c.setFont("Helvetica-Bold", 13)
    c.drawString(4 * mm, height - 43 * mm, f"{_('GRADE')} {fields['grade']}  ·  {fields['disposition']}".upper())
    c.setFont("Helvetica", 7)
    c.drawString(4 * mm, 2.5 * mm, f"{fields['rma']} #{fields['unit']}  {fields['name']}")
    c.showPage()
    c.save()
    return buffer.getvalue()


def configured_printer(warehouse=None) -> tuple[str, int] | None:
    """The warehouse's own printer where it has one, else RETURNFLOW_LABEL_PRINTER; None: download."""
    value = (getattr(warehouse, "label_printer", "") or "").strip() or (
        getattr(settings, "RETURNFLOW_LABEL_PRINTER", "") or "").strip()
    if not value:
        return None
    host, _sep, port = value.rpartition(":") if value.count(":") == 1 else (value, "", "")
    return (host, int(port)) if port else (value, RAW_PRINT_PORT)


def printer_for_plate(plate) -> tuple[str, int] | None:
    """The printer of the warehouse the plate's return was received at (returns.Warehouse)."""
    ret = plate.line.request
    return configured_printer(ret.warehouse if ret.warehouse_id else default_warehouse())


def print_zpl(zpl: str, printer=None) -> None:
    """Send a label to the printer's raw port; a clear error when it is off or not configured."""
    printer = printer or configured_printer()
    if printer is None:
        raise PrinterUnavailable(_("No label printer is configured; download the label instead."))
    try:
        with socket.create_connection(printer, timeout=PRINT_TIMEOUT_SECONDS) as conn:
            conn.sendall(zpl.encode("utf-8"))
    except OSError as exc:
        raise PrinterUnavailable(_("The label printer at %(host)s:%(port)s did not answer (%(error)s); try again "
                                   "or download the label.") % {"host": printer[0], "port": printer[1],
                                                                "error": exc.strerror or exc}) from None
