"""Settings of the advisory models, with defaults; override any key in `settings.INTELLIGENCE`."""
from django.conf import settings

DEFAULTS = {
    # Abuse flags that send a new return to a person instead of authorizing it automatically.
    # A shared address alone is weak (families, student houses): shown to agents, no review.
    "REVIEW_PATTERNS": ["return_rate", "wardrobing", "item_swap", "empty_or_wrong_parcel", "photo_reuse"],
    "FLAGS_CACHE_SECONDS": 300,
    # Photo checks: below this variance of the Laplacian a photo is too blurry, below this mean
    # brightness (0–255) too dark; both ask the uploader for a retake. Two perceptual hashes this many
    # bits apart (of 64) or fewer are the same picture. REPORT.md shows how each separates.
    "PHOTO_MIN_SHARPNESS": 25.0,
    "PHOTO_MIN_BRIGHTNESS": 50.0,
    "PHOTO_MATCH_DISTANCE": 10,
    # Shift plan: minutes of inspection per unit by category code (measured values override when known),
    # and productive minutes of one inspector's shift.
    "HANDLING_MINUTES": {"default": 6.0},
    "PRODUCTIVE_MINUTES_PER_SHIFT": 390.0,
    # Known campaign dates (ISO) that raise returns a week or two later.
    "CAMPAIGNS": [],
}


def get(key):
    return {**DEFAULTS, **getattr(settings, "INTELLIGENCE", {})}[key]
