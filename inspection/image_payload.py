"""Where an image file's own data ends, to find what was appended after it.

A polyglot is a file that is two things at once: a valid JPEG that is also an HTML page or a ZIP
archive (ZIP readers start from the end). Pure Python on the bytes, no decoding: the image decoders
in inspection.photos have already checked the image itself.
"""
from __future__ import annotations


def payload_after_image(data: bytes, fmt: str) -> int:
    """How many bytes follow the end of the image stream (zero padding aside); all of them when the
    end cannot be found, so that an unparseable file is treated as carrying a payload."""
    end = {"JPEG": _jpeg_end, "PNG": _png_end, "WEBP": _riff_end}[fmt](data)
    if end is None:
        return len(data)
    return len(data[end:].rstrip(b"\0"))


def _jpeg_end(data: bytes) -> int | None:
    """Offset just after the EOI marker that ends the main image (segments walked, not searched, so
    an embedded EXIF thumbnail's EOI or one inside a payload does not count)."""
    i, n = 2, len(data)
    while i + 1 < n:
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
        elif marker == 0xD9:  # EOI
            return i + 2
        elif marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
        else:
            i += 2 + int.from_bytes(data[i + 2:i + 4], "big")
            if marker == 0xDA:  # start of scan: entropy-coded data runs to the next real marker
                i = _next_marker(data, i)
                if i is None:
                    return None
    return None


def _next_marker(data: bytes, i: int) -> int | None:
    while (j := data.find(b"\xff", i)) >= 0 and j + 1 < len(data):
        following = data[j + 1]
        if following == 0 or following == 0xFF or 0xD0 <= following <= 0xD7:  # stuffing, fill, restart
            i = j + 1
            continue
        return j
    return None


def _png_end(data: bytes) -> int | None:
    i = 8
    while i + 8 <= len(data):
        length, kind = int.from_bytes(data[i:i + 4], "big"), data[i + 4:i + 8]
        i += 12 + length  # length, type, data, CRC
        if kind == b"IEND":
            return i
    return None


def _riff_end(data: bytes) -> int | None:
    size = int.from_bytes(data[4:8], "little")
    return 8 + size + (size & 1) if len(data) >= 12 else None
