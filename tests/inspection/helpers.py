"""Images made in the tests, and shortcuts through the real services."""
import io

from PIL import Image

GPS_IFD = 0x8825


def jpeg_bytes(size=(640, 480), color=(200, 30, 30), *, orientation=None, gps=False):
    """A real JPEG; with EXIF orientation and/or a GPS position when asked."""
    im = Image.new("RGB", size, color)
    # Left half red, right half blue, so that rotation can be seen in the rendition.
    im.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[0x010F] = "TabletCam"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        ifd = exif.get_ifd(GPS_IFD)
        ifd[1], ifd[2] = "N", (52.0, 22.0, 30.5)
        ifd[3], ifd[4] = "E", (4.0, 53.0, 12.0)
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes(), quality=90)
    return buf.getvalue()


def png_bytes(size=(300, 200)):
    buf = io.BytesIO()
    Image.new("RGBA", size, (0, 160, 0, 128)).save(buf, "PNG")
    return buf.getvalue()


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def receive(ret, actor, counts=None, location="TOTE-01"):
    from inspection.receiving import receive_parcel

    counts = counts or {line.pk: line.quantity_requested for line in ret.lines.all()}
    ret, _found = receive_parcel(return_id=ret.pk, actor=actor, quantities=counts, location_code=location)
    return ret


def add_photo(ret, line, actor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from inspection.line_photos import inspection_photos_add

    return inspection_photos_add(ret=ret, line=line, actor=actor,
                                 uploads=[SimpleUploadedFile("p.jpg", jpeg_bytes(), "image/jpeg")])


def check_all(line, actor, grade="A", answer="yes"):
    """Answer every checklist item and grade each unit through the step service."""
    from inspection.checklists import checklist_for
    from inspection.models import UnitInspection
    from inspection.workflow import unit_step_save

    for record in UnitInspection.objects.filter(line=line).order_by("unit_index"):
        if line.product.serialized and record.unit_index == 0:
            continue
        unit_step_save(line_id=line.pk, unit_index=record.unit_index, actor=actor, expected_version=record.version,
                       checklist={item.code: answer for item in checklist_for(line.product)}, grade=grade)
