"""Photo evidence pipeline. Every image is made here; no binary fixtures, no Django."""

from __future__ import annotations

import hashlib
import io
import warnings

import pytest
from PIL import Image, ImageCms, ImageFile, features
from PIL.JpegImagePlugin import JpegImageFile

from inspection.photos import (
    PhotoInfo,
    PhotoRejected,
    Renditions,
    make_renditions,
    validate_photo,
)

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)
GPS_IFD = 0x8825


# ----------------------------------------------------------------- helpers

def encode(im: Image.Image, fmt: str = "JPEG", **params) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def two_halves(w: int = 400, h: int = 200) -> Image.Image:
    """Left half red, right half blue."""
    im = Image.new("RGB", (w, h), RED)
    im.paste(BLUE, (w // 2, 0, w, h))
    return im


def noisy(size, mode="RGB") -> Image.Image:
    """Incompressible-ish content so cut files really miss image data."""
    bands = [Image.effect_noise(size, 80) for _ in range(len(mode))]
    return Image.merge(mode, bands) if len(bands) > 1 else bands[0]


def exif_with(orientation: int | None = None, gps: bool = False) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        ifd = exif.get_ifd(GPS_IFD)
        ifd[1], ifd[2] = "N", (52.0, 22.0, 30.5)  # GPSLatitudeRef, GPSLatitude
        ifd[3], ifd[4] = "E", (4.0, 53.0, 12.0)
    return exif.tobytes()


def close_to(pixel, colour, tol=40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel, colour, strict=True))


def opened(jpeg: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(jpeg))
    assert im.format == "JPEG"
    im.load()
    return im


class CountingStream(io.RawIOBase):
    """A non-seekable upload of `size` bytes, generated lazily, counting reads."""

    def __init__(self, size: int) -> None:
        self.size_left, self.bytes_read = size, 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = min(len(b), self.size_left)
        b[:n] = b"x" * n
        self.size_left -= n
        self.bytes_read += n
        return n


def rejected(data, **kwargs) -> PhotoRejected:
    with pytest.raises(PhotoRejected) as info:
        validate_photo(data, **kwargs)
    assert info.value.code and info.value.message == str(info.value)
    return info.value


# ----------------------------------------------------------------- orientation & metadata

def test_exif_orientation_is_applied_to_renditions():
    original = encode(two_halves(400, 200), exif=exif_with(orientation=6))
    out = make_renditions(original)
    large = opened(out.large.jpeg)
    # Orientation 6 = display rotated 90 deg clockwise: the left (red) half ends on top.
    assert large.size == (200, 400) == (out.large.width, out.large.height)
    assert close_to(large.getpixel((100, 20)), RED)
    assert close_to(large.getpixel((100, 380)), BLUE)
    thumb = opened(out.thumb.jpeg)
    assert thumb.size == (160, 320)
    assert close_to(thumb.getpixel((80, 10)), RED) and close_to(thumb.getpixel((80, 310)), BLUE)
    # The validator reports the displayed shape too.
    info = validate_photo(original)
    assert (info.width, info.height) == (200, 400)


def test_gps_xmp_comment_and_icc_are_stripped_from_renditions():
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = encode(two_halves(), exif=exif_with(orientation=1, gps=True),
                      xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">where</x:xmpmeta>',
                      comment=b"taken at home", icc_profile=icc)
    src = Image.open(io.BytesIO(original))
    assert src.getexif().get_ifd(GPS_IFD)[1] == "N"  # the original really has GPS
    assert {"exif", "xmp", "comment", "icc_profile"} <= src.info.keys()

    out = make_renditions(original)
    for rendition in (out.large, out.thumb):
        im = opened(rendition.jpeg)
        assert len(im.getexif()) == 0
        assert im.getexif().get_ifd(GPS_IFD) == {}
        # Decision: ICC is converted to sRGB and then dropped (sRGB is the default).
        assert not {"exif", "xmp", "comment", "icc_profile"} & im.info.keys()
        assert b"Exif\x00\x00" not in rendition.jpeg and b"52.0" not in rendition.jpeg
    assert close_to(opened(out.large.jpeg).getpixel((10, 100)), RED)


def test_unusable_icc_profile_is_dropped_not_fatal():
    original = encode(two_halves(), icc_profile=b"definitely not an ICC profile" * 4)
    out = make_renditions(original)
    im = opened(out.large.jpeg)
    assert "icc_profile" not in im.info
    assert close_to(im.getpixel((10, 10)), RED)


# ----------------------------------------------------------------- validation: good files

def test_sha256_is_of_the_original_bytes_and_info_is_filled():
    original = encode(noisy((300, 200)), quality=90)
    info = validate_photo(io.BytesIO(original), filename="IMG_1.JPG", content_type="image/jpeg")
    assert info == PhotoInfo(sha256=hashlib.sha256(original).hexdigest(), format="JPEG",
                             width=300, height=200, byte_size=len(original),
                             mime_type="image/jpeg")
    with pytest.raises(AttributeError):  # frozen
        info.sha256 = "0" * 64  # type: ignore[misc]


@pytest.mark.parametrize("fmt, mime", [("PNG", "image/png"), ("WEBP", "image/webp")])
def test_png_and_webp_accepted(fmt, mime):
    data = encode(noisy((64, 48)), fmt)
    info = validate_photo(data)
    assert (info.format, info.mime_type, info.width, info.height) == (fmt, mime, 64, 48)


def test_seekable_upload_is_rewound_for_the_caller():
    original = encode(noisy((50, 50)))
    upload = io.BytesIO(original)
    validate_photo(upload)
    assert upload.tell() == 0 and upload.read() == original


def test_client_content_type_is_not_trusted():
    info = validate_photo(encode(noisy((20, 20)), "PNG"), filename="a.jpg",
                          content_type="image/jpeg")
    assert (info.format, info.mime_type) == ("PNG", "image/png")


# ----------------------------------------------------------------- validation: bad files

def test_text_is_not_an_image():
    err = rejected(b"Dear returns team,\nplease find my receipt attached.\n" * 20,
                   filename="letter.jpg", content_type="image/jpeg")
    assert err.code == "not_an_image"
    assert "JPEG, PNG or WebP" in err.message


def test_empty_file():
    assert rejected(b"").code == "empty"
    assert rejected(io.BytesIO()).code == "empty"


@pytest.mark.parametrize("progressive", [False, True])
def test_truncated_jpeg_is_detected(progressive):
    data = encode(noisy((600, 400)), quality=90, progressive=progressive)
    err = rejected(data[: len(data) // 2])
    assert err.code == "truncated"
    assert "incomplete" in err.message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    with pytest.raises(PhotoRejected) as info:  # the worker refuses it too
        make_renditions(data[: len(data) // 2])
    assert info.value.code == "truncated"


def test_truncated_large_jpeg_detected_despite_reduced_scale_check():
    data = encode(noisy((2400, 1600)), quality=85)
    assert rejected(data[: len(data) - 2000]).code == "truncated"


def test_truncated_png_is_detected():
    data = encode(noisy((300, 300)), "PNG")
    assert rejected(data[: len(data) // 2]).code == "truncated"
    assert rejected(data[:20]).code == "truncated"  # only the signature survived


def test_load_truncated_images_switched_on_globally_is_refused(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        validate_photo(encode(noisy((10, 10))))


def test_decompression_bomb_png_is_refused_via_pillow_warning():
    # 100 MP: tiny on disk, above Pillow's own ~89 MP warning threshold.
    bomb = encode(Image.new("1", (10_000, 10_000)), "PNG", optimize=True)
    assert len(bomb) < 100_000
    filters_before, limit_before = list(warnings.filters), Image.MAX_IMAGE_PIXELS
    err = rejected(bomb, max_pixels=200_000_000)  # only Pillow's warning can stop it
    assert err.code == "too_many_pixels"
    assert "100 megapixels" in err.message and "limit is 200 megapixels" in err.message
    assert warnings.filters == filters_before and Image.MAX_IMAGE_PIXELS == limit_before
    assert rejected(bomb).code == "too_many_pixels"
    with pytest.raises(PhotoRejected) as info:
        make_renditions(bomb)
    assert info.value.code == "too_many_pixels"


def test_local_pixel_limit_below_pillow_threshold():
    data = encode(Image.new("L", (7000, 6000)), "PNG")  # 42 MP: Pillow would allow it
    err = rejected(data)
    assert err.code == "too_many_pixels"
    assert err.message == ("The image is 42 megapixels (7000 x 6000 pixels); "
                           "the limit is 40 megapixels.")
    assert rejected(encode(noisy((100, 100))), max_pixels=5_000).code == "too_many_pixels"


def test_50mb_stream_rejected_without_reading_it_all():
    upload = CountingStream(50 * 1024 * 1024)  # not seekable, size unknown
    err = rejected(upload)
    assert err.code == "too_large"
    assert err.message == "The file is over the 15 MB limit."
    assert upload.bytes_read == 15_000_001  # stops at max_bytes + 1


def test_50mb_with_known_size_rejected_before_reading():
    upload = io.BytesIO(b"\0" * (50 * 1024 * 1024))
    err = rejected(upload)
    assert err.code == "too_large"
    assert err.message == "The file is 52.4 MB; the limit is 15 MB."
    assert upload.tell() == 0


def test_declared_size_from_upload_object_is_used():
    class Uploaded(CountingStream):  # like Django's UploadedFile: .size is known
        size = 20_000_000

    upload = Uploaded(20_000_000)
    assert rejected(upload).message == "The file is 20 MB; the limit is 15 MB."
    assert upload.bytes_read == 0


def test_size_limit_is_configurable():
    data = encode(noisy((200, 200)), quality=95)
    err = rejected(data, max_bytes=10_000)
    assert err.code == "too_large" and err.message.endswith("the limit is 10 KB.")
    assert validate_photo(data, max_bytes=len(data)).byte_size == len(data)


@pytest.mark.parametrize("fmt, name", [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")])
def test_other_real_images_are_unsupported(fmt, name):
    err = rejected(encode(two_halves(), fmt))
    assert err.code == "unsupported_format"
    assert err.message.startswith(f"{name} files are not supported.")


def test_heic_is_unsupported_with_a_helpful_message():
    heic_header = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    err = rejected(heic_header)
    assert err.code == "unsupported_format"
    assert "HEIC" in err.message and "Most Compatible" in err.message
    # A HEIC variant we cannot sniff, named as such by the phone.
    err = rejected(b"\x01\x02garbage" * 30, filename="IMG_0042.HEIC", content_type="image/heic")
    assert err.code == "unsupported_format" and "HEIC" in err.message


# ----------------------------------------------------------------- renditions

def test_large_jpeg_is_decoded_at_reduced_size_via_draft(monkeypatch):
    calls = []
    real_draft = JpegImageFile.draft

    def spy(self, mode, size):
        calls.append((mode, size))
        return real_draft(self, mode, size)

    monkeypatch.setattr(JpegImageFile, "draft", spy)
    original = encode(noisy((4032, 3024)), quality=85)
    out = make_renditions(original)
    assert calls == [("RGB", (1600, 1200))]
    assert out.source_size == (4032, 3024)
    assert out.decoded_size == (2016, 1512)  # DCT-scaled by 1/2, still >= 1600
    assert (out.large.width, out.large.height) == (1600, 1200)
    assert opened(out.large.jpeg).size == (1600, 1200)
    assert opened(out.thumb.jpeg).size == (320, 240)


@pytest.mark.parametrize("size, orientation, expect_decoded, expect_large", [
    ((4032, 3024), 6, (2016, 1512), (1200, 1600)),  # portrait phone shot
    ((6000, 1000), 8, (3000, 500), (267, 1600)),    # rotated panorama
    ((1000, 6400), 1, (250, 1600), (250, 1600)),    # tall: exactly 1/4
    ((3000, 2000), 6, (3000, 2000), (1067, 1600)),  # < 2x: draft cannot help
])
def test_draft_never_undershoots_long_side_whatever_the_orientation(
        size, orientation, expect_decoded, expect_large):
    original = encode(Image.new("RGB", size, RED), exif=exif_with(orientation=orientation))
    out = make_renditions(original)
    assert out.decoded_size == expect_decoded
    assert (out.large.width, out.large.height) == expect_large
    assert max(out.thumb.width, out.thumb.height) == 320


def test_png_alpha_is_flattened_on_white():
    im = Image.new("RGBA", (200, 100), (0, 0, 0, 0))  # transparent black
    im.paste((255, 0, 0, 255), (100, 0, 200, 100))  # opaque red right half
    out = make_renditions(encode(im, "PNG"))
    large = opened(out.large.jpeg)
    assert large.mode == "RGB"
    assert close_to(large.getpixel((20, 50)), WHITE, 8)
    assert close_to(large.getpixel((180, 50)), RED, 8)


@pytest.mark.parametrize("params", [{}, {"transparency": 0}])
def test_grey_alpha_and_grey_colour_key_are_flattened_on_white(params):
    im = Image.new("LA", (60, 60), (0, 0)) if not params else Image.new("L", (60, 60), 0)
    large = opened(make_renditions(encode(im, "PNG", **params)).large.jpeg)
    assert large.mode == "RGB" and close_to(large.getpixel((30, 30)), WHITE, 8)


def test_palette_images_with_and_without_transparency():
    pal = two_halves(120, 60).convert("P", palette=Image.Palette.ADAPTIVE, colors=4)
    large = opened(make_renditions(encode(pal, "PNG")).large.jpeg)
    assert large.mode == "RGB"
    assert close_to(large.getpixel((10, 30)), RED) and close_to(large.getpixel((110, 30)), BLUE)

    red_index = pal.getpixel((10, 30))
    transparent = encode(pal, "PNG", transparency=red_index)
    large = opened(make_renditions(transparent).large.jpeg)
    assert close_to(large.getpixel((10, 30)), WHITE, 8)
    assert close_to(large.getpixel((110, 30)), BLUE)


def test_cmyk_jpeg_becomes_rgb():
    cmyk = Image.new("CMYK", (80, 80), (0, 255, 255, 0))  # red in CMYK
    large = opened(make_renditions(encode(cmyk)).large.jpeg)
    assert large.mode == "RGB" and close_to(large.getpixel((40, 40)), RED, 60)


def test_16_bit_grey_png_is_scaled_not_clipped():
    grey = Image.new("I;16", (40, 40), 32768)  # mid grey in 16 bits
    large = opened(make_renditions(encode(grey, "PNG")).large.jpeg)
    assert large.mode == "RGB" and close_to(large.getpixel((20, 20)), (128, 128, 128), 4)


def test_small_image_is_not_upscaled():
    out = make_renditions(encode(two_halves(100, 50)))
    assert isinstance(out, Renditions)
    assert (out.large.width, out.large.height) == (100, 50)
    assert (out.thumb.width, out.thumb.height) == (100, 50)
    assert opened(out.thumb.jpeg).size == (100, 50)
    assert out.decoded_size == out.source_size == (100, 50)


def test_mid_size_png_shrinks_to_exact_bounds_from_path(tmp_path):
    path = tmp_path / "inspection.png"
    noisy((2000, 1500)).save(path)
    out = make_renditions(path)
    assert out.decoded_size == (2000, 1500)  # no draft outside JPEG
    assert (out.large.width, out.large.height) == (1600, 1200)
    assert (out.thumb.width, out.thumb.height) == (320, 240)
    assert out.large.byte_size == len(out.large.jpeg) > out.thumb.byte_size > 0


def test_renditions_accept_file_objects_and_are_progressive_large():
    out = make_renditions(io.BytesIO(encode(noisy((1800, 900)))))
    assert opened(out.large.jpeg).info.get("progressive") == 1
    assert (out.large.width, out.large.height) == (1600, 800)


def matrix_profile(red, green, blue, description: bytes) -> bytes:
    """A minimal ICC v2 RGB matrix/TRC display profile (gamma 2.2)."""
    import struct

    def s15(v):
        return struct.pack(">i", round(v * 65536))

    def xyz(x, y, z):
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    desc = (b"desc\0\0\0\0" + struct.pack(">I", len(description) + 1) + description
            + b"\0" + b"\0" * 8 + b"\0\0\0" + b"\0" * 67)
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(*red)),
            (b"gXYZ", xyz(*green)), (b"bXYZ", xyz(*blue)), (b"rTRC", curve),
            (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"none" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acsp" + b"\0" * 24 + b"\0" * 4
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


def test_non_srgb_icc_profile_is_converted_to_srgb():
    # A profile whose "red" channel means sRGB's blue primary and vice versa:
    # if the rendition honours it, a red-coded pixel must come out blue.
    r, g, b = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)
    swapped = matrix_profile(b, g, r, b"Swapped primaries test")
    ImageCms.ImageCmsProfile(io.BytesIO(swapped))  # lcms accepts it
    out = make_renditions(encode(two_halves(), icc_profile=swapped, quality=95))
    large = opened(out.large.jpeg)
    assert "icc_profile" not in large.info
    assert close_to(large.getpixel((20, 100)), BLUE, 60)
    assert close_to(large.getpixel((380, 100)), RED, 60)


def test_missing_original_is_an_io_error_not_a_rejection(tmp_path):
    with pytest.raises(FileNotFoundError):
        make_renditions(tmp_path / "gone.jpg")


def test_avif_is_refused_even_though_pillow_could_read_it():
    if features.check("avif"):
        data = encode(two_halves(), "AVIF")
        assert Image.open(io.BytesIO(data)).format == "AVIF"
    else:
        data = b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1" + b"\x00" * 100
    err = rejected(data)
    assert err.code == "unsupported_format" and err.message.startswith("AVIF")
