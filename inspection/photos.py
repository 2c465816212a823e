"""Photo evidence pipeline: validate uploads, then make clean JPEG renditions.

Pure Python + Pillow (no Django) so the same code runs in the upload request
(`validate_photo`), in the Celery worker (`make_renditions`) and in plain tests.

Colour decision: an embedded ICC profile is *converted* to sRGB (phones tag
photos Display P3; dropping that tag without converting makes colours dull),
then dropped - renditions carry no ICC, EXIF (incl. GPS), XMP or comments.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
import warnings
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image, ImageCms, ImageFile, ImageOps

from .image_payload import payload_after_image

DEFAULT_MAX_BYTES = 15_000_000  # decimal MB, matching the sizes shown to people
DEFAULT_MAX_PIXELS = 40_000_000  # well below Pillow's ~89 MP bomb threshold
LARGE_PX = 1600
THUMB_PX = 320
JPEG_QUALITY = 82

ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
REJECTION_CODES = ("empty", "too_large", "not_an_image", "unsupported_format",
                   "too_many_pixels", "truncated")
# Magic bytes (offset, signature, name): only to word refusals precisely.
_SIGNATURES = ((0, b"\xff\xd8\xff", "JPEG"), (0, b"\x89PNG\r\n\x1a\n", "PNG"),
               (8, b"WEBP", "WEBP"), (0, b"GIF8", "GIF"), (0, b"BM", "BMP"),
               (0, b"II*\0", "TIFF"), (0, b"MM\0*", "TIFF"), (0, b"%PDF", "PDF"))
_ACCEPTED_HUMAN = "Please upload a JPEG, PNG or WebP image."
_CHUNK = 1 << 20
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
# Errors Pillow raises for damaged data (UnidentifiedImageError is an OSError).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError)


class PhotoRejected(ValueError):
    """An upload we refuse; `code` is for machines, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class PhotoInfo:
    sha256: str  # hex digest of the original bytes exactly as uploaded
    format: str  # "JPEG" | "PNG" | "WEBP", detected from content, not the client
    width: int  # as displayed, i.e. after EXIF orientation
    height: int
    byte_size: int
    mime_type: str
    # Bytes after the image's own end (JPEG EOI, PNG IEND, the RIFF size): a polyglot's HTML or ZIP
    # payload, or a phone's trailer. Such a file is kept only as its re-encoded image (reencode_clean).
    payload_bytes: int = 0


@dataclass(frozen=True, slots=True)
class Rendition:
    jpeg: bytes
    width: int
    height: int

    @property
    def byte_size(self) -> int:
        return len(self.jpeg)


@dataclass(frozen=True, slots=True)
class Renditions:
    large: Rendition
    thumb: Rendition
    source_size: tuple[int, int]  # stored pixel size of the original
    decoded_size: tuple[int, int]  # what was decoded; smaller when JPEG draft kicked in


# ---------------------------------------------------------------- validation

def validate_photo(upload: BinaryIO | bytes, *, filename: str | None = None,
                   content_type: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                   max_pixels: int = DEFAULT_MAX_PIXELS) -> PhotoInfo:
    """Check an upload is a complete JPEG/PNG/WebP within limits; hash it.

    `filename`/`content_type` come from the client and are only used to word
    the HEIC message; the format is always detected from the bytes. A seekable
    stream is put back where it was, so the caller can store it afterwards.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Global switch that would make truncated evidence pass silently.
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False")
    data, sha256 = _read_capped(upload, max_bytes)
    im = _open(io.BytesIO(data), max_pixels, filename, content_type)
    try:
        im.verify()  # PNG: walks every chunk and checks CRCs without decoding
    except _DECODE_ERRORS as exc:
        raise _truncated() from exc
    # verify() leaves the image unusable, so decode fully from a fresh open:
    # truncation only shows when the decoder runs out of data.
    with _open(io.BytesIO(data), max_pixels, filename, content_type) as im:
        fmt, width, height = im.format, *im.size
        if _orientation(im) in (5, 6, 7, 8):
            width, height = height, width
        if fmt == "JPEG":
            # 1/8-scale DCT decode still entropy-decodes every byte (so
            # truncation is caught) but needs 1/64 of the memory.
            im.draft(None, (max(1, im.width // 8), max(1, im.height // 8)))
        _load(im)
    return PhotoInfo(sha256=sha256, format=fmt, width=width, height=height,
                     byte_size=len(data), mime_type=ACCEPTED_FORMATS[fmt],
                     payload_bytes=payload_after_image(data, fmt))


def _read_capped(upload: BinaryIO | bytes, max_bytes: int) -> tuple[bytes, str]:
    """Read at most max_bytes + 1 bytes, hashing as we go."""
    if isinstance(upload, (bytes, bytearray, memoryview)):
        upload = io.BytesIO(upload)
    try:
        start = upload.tell() if upload.seekable() else None
    except (AttributeError, OSError, ValueError):
        start = None
    declared = getattr(upload, "size", None)  # Django's UploadedFile knows it
    if not isinstance(declared, int) and start is not None:
        declared = upload.seek(0, os.SEEK_END) - start
        upload.seek(start)
    if isinstance(declared, int) and declared > max_bytes:
        raise _too_large(declared, max_bytes)  # without reading a byte
    digest, chunks, total = hashlib.sha256(), [], 0
    try:
        while total <= max_bytes:  # the declared size may lie; the cap does not
            chunk = upload.read(min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            digest.update(chunk)
            chunks.append(chunk)
            total += len(chunk)
    finally:
        if start is not None:
            upload.seek(start)
    if total > max_bytes:
        raise _too_large(None, max_bytes)
    if total == 0:
        raise PhotoRejected("empty", "The file is empty.")
    return b"".join(chunks), digest.hexdigest()


def _open(fp, max_pixels: int, filename: str | None = None,
          content_type: str | None = None) -> ImageFile.ImageFile:
    """Image.open restricted to accepted formats, with both pixel guards."""
    try:
        # Turn Pillow's bomb *warning* into an error for this call only,
        # rather than lowering Image.MAX_IMAGE_PIXELS for the whole process.
        # (catch_warnings is itself process-wide before Python 3.14; the local
        # max_pixels check below is the guard that does not depend on it.)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only our formats' decoders ever see untrusted bytes.
            im = Image.open(fp, formats=tuple(ACCEPTED_FORMATS))
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        m = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_many_pixels(int(m[1]) if m else None, None, max_pixels) from exc
    except _DECODE_ERRORS as exc:
        raise _unreadable(_head(fp), filename, content_type) from exc
    if im.width * im.height > max_pixels:  # checked before anything is decoded
        size = im.size
        im.close()
        raise _too_many_pixels(size[0] * size[1], size, max_pixels)
    return im


def _head(fp) -> bytes:
    try:
        fp.seek(0)
        return fp.read(32)
    except (OSError, ValueError):  # not seekable: no precise explanation then
        return b""


def _sniff(head: bytes) -> str | None:
    if head[4:8] == b"ftyp":  # ISO-BMFF. AVIF: Pillow could, but fewer decoders = safer
        brand = head[8:12]
        return "HEIC" if brand in _HEIF_BRANDS else ("AVIF" if brand[:3] == b"avi" else None)
    return next((name for at, magic, name in _SIGNATURES
                 if head[at:at + len(magic)] == magic), None)


def _unreadable(head: bytes, filename: str | None, content_type: str | None) -> PhotoRejected:
    fmt = _sniff(head)
    if fmt in ACCEPTED_FORMATS:  # right signature, but the header is cut/broken
        return _truncated()
    hint = f"{filename or ''} {content_type or ''}".lower()
    if fmt == "HEIC" or (fmt is None and ("heic" in hint or "heif" in hint)):
        return PhotoRejected(
            "unsupported_format",
            "HEIC/HEIF photos (the iPhone default) are not supported. " + _ACCEPTED_HUMAN
            + ' On an iPhone, choose Settings > Camera > Formats > "Most Compatible".')
    if fmt is not None:
        return PhotoRejected("unsupported_format",
                             f"{fmt} files are not supported. {_ACCEPTED_HUMAN}")
    return PhotoRejected("not_an_image",
                         f"This file is not an image we can read. {_ACCEPTED_HUMAN}")


def _truncated() -> PhotoRejected:
    return PhotoRejected("truncated", "The image is incomplete or damaged (the upload may "
                                      "have been cut off). Please upload it again.")


def _too_large(size: int | None, limit: int) -> PhotoRejected:
    # Just over the limit both round to the same figure: "15 MB; the limit is 15 MB" would read as a bug.
    same_figure = size is not None and _mb(size) == _mb(limit)
    return PhotoRejected("too_large", f"The file is over the {_mb(limit)} limit." if size is None or same_figure
                         else f"The file is {_mb(size)}; the limit is {_mb(limit)}.")


def _too_many_pixels(pixels, size, limit: int) -> PhotoRejected:
    dims = f" ({size[0]} x {size[1]} pixels)" if size else ""
    what = f"{_mp(pixels)} megapixels{dims}" if pixels else "too many pixels"
    return PhotoRejected("too_many_pixels",
                         f"The image is {what}; the limit is {_mp(limit)} megapixels.")


def _mb(n: int) -> str:
    return f"{math.ceil(n / 1000)} KB" if n < 1_000_000 else f"{_mp(n)} MB"


# The one way sizes are written for people (pages and refusals alike), e.g. "15 MB", "52.4 MB", "800 KB".
format_size = _mb


def _mp(n: int) -> str:  # millions, "15" or "52.4"
    return f"{n / 1e6:.1f}".removesuffix(".0")


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except _DECODE_ERRORS + (TypeError,):  # malformed EXIF: show the pixels as stored
        return 1


def _load(im: Image.Image) -> None:
    try:
        im.load()
    except _DECODE_ERRORS as exc:
        raise _truncated() from exc


# ---------------------------------------------------------------- polyglots

def reencode_clean(source: bytes, *, quality: int = 92, max_pixels: int = DEFAULT_MAX_PIXELS) -> Rendition:
    """The image alone at full size: oriented, sRGB, no metadata and nothing after it (for polyglots)."""
    with _open(io.BytesIO(source), max_pixels) as im:
        _load(im)
        icc = im.info.get("icc_profile")
        if _orientation(im) != 1:
            ImageOps.exif_transpose(im, in_place=True)
        return _encode(_to_srgb(_flatten(im), icc), quality, progressive=False)


# ---------------------------------------------------------------- renditions

def make_renditions(source: bytes | str | os.PathLike | BinaryIO, *,
                    large_px: int = LARGE_PX, thumb_px: int = THUMB_PX,
                    quality: int = JPEG_QUALITY,
                    max_pixels: int = DEFAULT_MAX_PIXELS) -> Renditions:
    """Oriented, metadata-free sRGB JPEGs: large (long side <= large_px) and thumb.

    Re-applies the pixel guard: the stored original is untrusted input too.
    """
    if isinstance(source, (str, os.PathLike)):
        # Open it here so a missing/unreadable file is an OSError for the
        # caller to retry, not a PhotoRejected.
        with open(source, "rb") as f:
            return make_renditions(f, large_px=large_px, thumb_px=thumb_px,
                                   quality=quality, max_pixels=max_pixels)
    if isinstance(source, (bytes, bytearray, memoryview)):
        source = io.BytesIO(source)
    with _open(source, max_pixels) as im:
        source_size = im.size
        if im.format == "JPEG" and max(im.size) > large_px:
            # Ask for the target in *stored* orientation with the stored aspect
            # ratio: draft picks scale = min(W // w, H // h), so a request made
            # in displayed (maybe swapped) orientation would barely reduce, and
            # a square one would not reduce at all. This never goes below
            # large_px on the long side, and rotation does not change that.
            long_side = max(im.size)
            im.draft("RGB", (math.ceil(im.width * large_px / long_side),
                             math.ceil(im.height * large_px / long_side)))
        _load(im)
        decoded_size = im.size
        icc = im.info.get("icc_profile")
        if _orientation(im) != 1:
            ImageOps.exif_transpose(im, in_place=True)
        large = _to_srgb(_fit(_flatten(im), large_px), icc)
        thumb = _fit(large, thumb_px)  # from the large image: cheaper, same look
        return Renditions(large=_encode(large, quality, progressive=True),
                          thumb=_encode(thumb, quality, progressive=False),
                          source_size=source_size, decoded_size=decoded_size)


def _flatten(im: Image.Image) -> Image.Image:
    """Bring odd modes to RGB; RGB/L/CMYK wait for the ICC step (after resize)."""
    if im.mode == "I" or im.mode.startswith("I;16"):
        return im.point(lambda v: v / 256).convert("L")  # 16-bit grey: scale, not clip
    if "A" in im.getbands() or "a" in im.getbands() or "transparency" in im.info:
        rgba = im.convert("RGBA")  # also covers palette/grey/RGB colour keys (tRNS)
        flat = Image.new("RGB", im.size, (255, 255, 255))  # alpha lands on white
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return im if im.mode in ("RGB", "L", "CMYK") else im.convert("RGB")


def _fit(im: Image.Image, px: int) -> Image.Image:
    """Shrink so the long side is exactly px; never upscale."""
    w, h = im.size
    if max(w, h) <= px:
        return im
    scale = px / max(w, h)
    size = (px, max(1, round(h * scale))) if w >= h else (max(1, round(w * scale)), px)
    # reducing_gap: a cheap box reduce first, then Lanczos; visually identical.
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if icc:
        try:
            src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if "srgb" not in ImageCms.getProfileDescription(src).lower():
                # A fresh sRGB profile per call (~0.1 ms): lcms profile objects
                # are not meant to be shared between threads.
                srgb = ImageCms.createProfile("sRGB")
                im = ImageCms.profileToProfile(im, src, srgb, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # unusable or mismatched profile: treat the pixels as sRGB, as browsers do
    return im if im.mode == "RGB" else im.convert("RGB")


def _encode(im: Image.Image, quality: int, *, progressive: bool) -> Rendition:
    im.info = {}  # Pillow re-saves e.g. a "comment" from info: start from nothing
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return Rendition(jpeg=buf.getvalue(), width=im.width, height=im.height)
