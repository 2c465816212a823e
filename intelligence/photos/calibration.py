"""How well the photo thresholds separate good from bad pictures, measured on generated images.

Good pictures are scenes with hard edges and texture at phone resolution; bad ones are the same scenes
blurred (Gaussian, radius 2–6 px, like camera shake or a missed focus) or darkened (10–30 % of the
light). Re-encoded copies (resized, JPEG quality 50–85, a 3 % crop) measure the perceptual hash's
tolerance against different scenes. Generated images are not phone photos: recalibrate on real
uploads (every checked photo's measures are kept in PhotoFingerprint for that).
"""
import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from . import checks


def scene(rng: np.random.Generator, size=(1024, 768)) -> Image.Image:
    image = Image.new("RGB", size, tuple(int(v) for v in rng.integers(90, 200, 3)))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(15, 40))):
        x0, y0 = int(rng.integers(0, size[0])), int(rng.integers(0, size[1]))
        x1, y1 = x0 + int(rng.integers(20, 300)), y0 + int(rng.integers(20, 300))
        colour = tuple(int(v) for v in rng.integers(30, 256, 3))
        (draw.rectangle if rng.random() < 0.5 else draw.ellipse)([x0, y0, x1, y1], fill=colour)
    noise = rng.normal(0, 6, (size[1], size[0], 3))
    return Image.fromarray(np.clip(np.asarray(image, dtype=float) + noise, 0, 255).astype("uint8"))


def reencode(image: Image.Image, rng: np.random.Generator) -> Image.Image:
    w, h = image.size
    crop = int(w * 0.03)
    out = io.BytesIO()
    image.crop((crop, crop, w - crop, h - crop)).resize((w * 3 // 4, h * 3 // 4)).save(
        out, "JPEG", quality=int(rng.integers(50, 86)))
    return Image.open(io.BytesIO(out.getvalue()))


@dataclass
class Separation:
    good_sharpness: list
    blurred_sharpness: list
    good_brightness: list
    dark_brightness: list
    same_distance: list
    different_distance: list

    def accuracy(self, good, bad, threshold) -> float:
        """Share classified right when below `threshold` means bad."""
        right = sum(v >= threshold for v in good) + sum(v < threshold for v in bad)
        return right / (len(good) + len(bad))


def measure_separation(n: int = 30, seed: int = 16) -> Separation:
    rng = np.random.default_rng(seed)
    result = Separation([], [], [], [], [], [])
    previous = None
    for _ in range(n):
        image = scene(rng)
        good = checks.measure(image)
        result.good_sharpness.append(good.sharpness)
        result.good_brightness.append(good.brightness)
        blurred = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(2, 6))))
        result.blurred_sharpness.append(checks.measure(blurred).sharpness)
        light = float(rng.uniform(0.1, 0.3))
        result.dark_brightness.append(checks.measure(image.point(lambda v, k=light: v * k)).brightness)
        copy = checks.measure(reencode(image, rng))
        result.same_distance.append(checks.hash_distance(good.phash, copy.phash))
        if previous is not None:
            result.different_distance.append(checks.hash_distance(good.phash, previous))
        previous = good.phash
    return result
