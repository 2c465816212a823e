"""Photo checks on upload: retake when blurry or dark; flag for support a reused photo or an EXIF date
before delivery.

Measures are taken on a grey copy scaled to 512 px wide, so the thresholds do not depend on the
phone's resolution. Sharpness is the variance of the Laplacian (edges make it large, blur flattens
it); brightness is the mean grey level. The perceptual hash (pHash, 64 bits) survives re-encoding,
resizing and small crops, so the same picture uploaded twice is found at a Hamming distance of a few
bits, where different pictures sit near 32. Recognising damage itself would need a trained image
model that cannot be downloaded here; it is left out.
"""
from dataclasses import dataclass, field
from datetime import datetime

import imagehash
import numpy as np
from PIL import Image, ImageOps

from .. import conf

MEASURE_WIDTH = 512
EXIF_DATETIME_ORIGINAL, EXIF_DATETIME, EXIF_IFD = 0x9003, 0x0132, 0x8769


@dataclass
class PhotoMeasures:
    sharpness: float
    brightness: float
    phash: str
    taken_at: datetime | None


@dataclass
class PhotoCheck:
    measures: PhotoMeasures
    retake: list = field(default_factory=list)  # sentences for the uploader: take the photo again
    flags: list = field(default_factory=list)  # [{"check", "message"}] for support

    @property
    def ok(self) -> bool:
        return not self.retake and not self.flags


def grey(image: Image.Image) -> np.ndarray:
    image = ImageOps.exif_transpose(image).convert("L")
    if image.width > MEASURE_WIDTH:
        image = image.resize((MEASURE_WIDTH, max(1, round(image.height * MEASURE_WIDTH / image.width))))
    return np.asarray(image, dtype=np.float64)


def laplacian_variance(pixels: np.ndarray) -> float:
    """The 4-neighbour Laplacian over the interior, its variance."""
    if pixels.shape[0] < 3 or pixels.shape[1] < 3:
        return 0.0
    lap = (pixels[:-2, 1:-1] + pixels[2:, 1:-1] + pixels[1:-1, :-2] + pixels[1:-1, 2:] - 4 * pixels[1:-1, 1:-1])
    return float(lap.var())


def exif_taken_at(image: Image.Image) -> datetime | None:
    """DateTimeOriginal (or DateTime) as a naive local datetime; None when absent or unreadable."""
    try:
        exif = image.getexif()
        raw = exif.get_ifd(EXIF_IFD).get(EXIF_DATETIME_ORIGINAL) or exif.get(EXIF_DATETIME)
        return datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S") if raw else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def measure(image: Image.Image) -> PhotoMeasures:
    pixels = grey(image)
    return PhotoMeasures(sharpness=round(laplacian_variance(pixels), 1), brightness=round(float(pixels.mean()), 1),
                         phash=str(imagehash.phash(Image.fromarray(pixels.astype("uint8")))),
                         taken_at=exif_taken_at(image))


def hash_distance(a: str, b: str) -> int:
    return imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b)


def check(image: Image.Image, *, delivered_at=None, known_hashes=()) -> PhotoCheck:
    """`known_hashes`: (hash, label) of other returns' photos and catalogue images to compare against."""
    measures = measure(image)
    result = PhotoCheck(measures)
    min_sharpness, min_brightness = conf.get("PHOTO_MIN_SHARPNESS"), conf.get("PHOTO_MIN_BRIGHTNESS")
    if measures.sharpness < min_sharpness:
        result.retake.append(f"The photo looks blurry (sharpness {measures.sharpness:.0f}, needs {min_sharpness:.0f}):"
                             " hold the camera still and take it again.")
    if measures.brightness < min_brightness:
        result.retake.append(f"The photo is too dark (brightness {measures.brightness:.0f} of 255, needs "
                             f"{min_brightness:.0f}): add light and take it again.")
    distance_limit = conf.get("PHOTO_MATCH_DISTANCE")
    for other_hash, label in known_hashes:
        distance = hash_distance(measures.phash, other_hash)
        if distance <= distance_limit:
            result.flags.append({"check": "photo_match",
                                 "message": f"Same picture as {label} (perceptual hash distance {distance} of 64)."})
    if measures.taken_at and delivered_at:
        delivered = delivered_at.replace(tzinfo=None) if delivered_at.tzinfo else delivered_at
        if measures.taken_at.date() < delivered.date():
            result.flags.append({"check": "exif_before_delivery",
                                 "message": f"Taken on {measures.taken_at:%d %b %Y} (EXIF), before the order was "
                                            f"delivered on {delivered:%d %b %Y}."})
    return result
