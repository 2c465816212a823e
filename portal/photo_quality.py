"""Is a customer's photo good enough to show the fault? Advice on the review page, never a refusal.

The measures are the intelligence app's (intelligence.photos.checks: sharpness as the variance of
the Laplacian, brightness as the mean grey level, thresholds in its settings). A photo the customer
took in a dim room still helps, so the portal only suggests a retake and lets them send it anyway.
"""
from PIL import Image, UnidentifiedImageError

from intelligence import conf
from intelligence.photos.checks import measure

BLURRY, DARK = "blurry", "dark"


def photo_quality(upload) -> list[str]:
    """[BLURRY] and/or [DARK] for an uploaded image; [] when it looks fine or cannot be read."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            measures = measure(image)
    except (OSError, UnidentifiedImageError, ValueError):
        return []
    finally:
        upload.seek(0)
    problems = []
    if measures.sharpness < conf.get("PHOTO_MIN_SHARPNESS"):
        problems.append(BLURRY)
    if measures.brightness < conf.get("PHOTO_MIN_BRIGHTNESS"):
        problems.append(DARK)
    return problems
