"""Measure and fingerprint photos that have none yet (photos stored before the checks were wired in)."""
from django.core.management.base import BaseCommand

from inspection.models import Photo
from intelligence.photos.fingerprints import check_stored_photo


class Command(BaseCommand):
    help = "Fingerprint stored photos without a PhotoFingerprint (perceptual hash, sharpness, brightness, EXIF)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000)

    def handle(self, *args, limit=1000, **options):
        done = flagged = 0
        for photo in Photo.objects.filter(fingerprint__isnull=True).select_related("return_request__order")[:limit]:
            result = check_stored_photo(photo)
            done += result is not None
            flagged += bool(result and result.flags)
        self.stdout.write(f"fingerprinted {done} photo(s); {flagged} flagged for support")
