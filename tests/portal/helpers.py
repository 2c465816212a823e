"""Small steps of the portal, through the Django test client, shared by the portal tests."""
import base64
import io
import re
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(size=(640, 480), color=(30, 120, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def jpeg_upload(name="photo.jpg", **kwargs):
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), "image/jpeg")


def files_under(path):
    return sorted(p for p in path.rglob("*") if p.is_file())


def lookup(client, order, *, email=None, postcode=None, ip="10.0.0.1"):
    data = {"order_number": order.number if hasattr(order, "number") else order}
    if email is not None:
        data["email"] = email
    if postcode is not None:
        data["postcode"] = postcode
    return client.post("/portal/", data, REMOTE_ADDR=ip)


def form_token(client, order):
    page = client.get(f"/portal/orders/{order.number}/")
    assert page.status_code == 200, page.status_code
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def items_data(token, lines, *, reason="changed_mind", condition="unopened"):
    """`lines`: {order_line: quantity}; every listed line is in the form, like the page renders it."""
    data = {"form_token": token, "line": [str(line.pk) for line in lines]}
    for line, quantity in lines.items():
        prefix = f"line-{line.pk}"
        data.update({f"{prefix}-quantity": str(quantity), f"{prefix}-reason": reason,
                     f"{prefix}-condition": condition, f"{prefix}-comment": ""})
    return data


def choose_items(client, order, lines, *, photos=None, token=None, **kwargs):
    """POST the items page; `photos` maps order line → list of uploads."""
    data = items_data(token or form_token(client, order), lines, **kwargs)
    for line, uploads in (photos or {}).items():
        data[f"line-{line.pk}-photos"] = uploads
    return client.post(f"/portal/orders/{order.number}/", data)


def review_token(client, order):
    page = client.get(f"/portal/orders/{order.number}/review/")
    assert page.status_code == 200, page.status_code
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def send(client, order, token=None, **fields):
    data = {"form_token": token or review_token(client, order), "refund_method": "original_payment", **fields}
    return client.post(f"/portal/orders/{order.number}/review/", data)


def pdf_text(pdf: bytes) -> str:
    """The PDF with its content streams decoded (reportlab writes ASCII85 + Flate), to find drawn text."""
    chunks = [pdf.decode("latin-1")]
    for match in re.finditer(rb"\bstream\r?\n(.*?)endstream", pdf, re.S):
        data = match.group(1).strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2], ignorechars=b" \n\r\t")
        try:
            chunks.append(zlib.decompress(data).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(chunks)
