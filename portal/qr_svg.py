"""The RMA number as a QR code in SVG markup, for the phone screen at the drop-off counter.

The same encoder (reportlab's) and error correction (M) as the printed label, so both codes read the
same. Drawn as one <path> with presentation attributes only: the portal's Content-Security-Policy
forbids inline styles, and attributes are not styles.
"""
from django.utils.html import format_html
from reportlab.graphics.barcode import qrencoder

QUIET_ZONE = 4  # modules of white border the QR standard asks for, so scanners find the code


def qr_svg(value: str, label: str):
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    count = code.getModuleCount()
    # One 1×1 square per dark module, in module units; the viewBox scales it to whatever the CSS gives.
    squares = "".join(f"M{col + QUIET_ZONE} {row + QUIET_ZONE}h1v1h-1z"
                      for row in range(count) for col in range(count) if code.isDark(row, col))
    size = count + 2 * QUIET_ZONE
    return format_html('<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
                       'role="img" aria-label="{label}" shape-rendering="crispEdges" data-modules="{count}">'
                       '<rect width="{size}" height="{size}" fill="#fff"/><path fill="#000" d="{d}"/></svg>',
                       size=size, label=label, count=count, d=squares)
