"""Delete photo files that no database row refers to: what a process killed between writing a file and
committing its row leaves behind (SIGKILL, OOM, a node lost). A failed transaction cleans up after itself
(inspection.evidence.files_removed_on_error); a killed process cannot, so this sweep does, daily.

Only files under `photos/` older than `--older-than-hours` (default 24) are candidates, so an upload
that is still committing is never touched. `--dry-run` lists them. Works on local disk and on S3.
"""
from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from returnflow.storage import originals_storage

PREFIX = "photos"


def walk(storage, folder: str):
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}")


class Command(BaseCommand):
    help = "Delete photo files (originals, renditions) that no Photo row refers to."

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, older_than_hours=24, dry_run=False, **options):
        from inspection.models import Photo

        cutoff = timezone.now() - timedelta(hours=older_than_hours)
        referenced = {
            "originals": set(Photo.objects.values_list("original", flat=True)),
            "media": set(Photo.objects.values_list("large", flat=True))
            | set(Photo.objects.values_list("thumbnail", flat=True)),
        }
        removed = 0
        for label, storage in (("originals", originals_storage), ("media", default_storage)):
            try:
                names = list(walk(storage, PREFIX))
            except FileNotFoundError:
                continue
            for name in names:
                if name in referenced[label] or storage.get_modified_time(name) > cutoff:
                    continue
                self.stdout.write(f"{'would delete' if dry_run else 'deleted'} {label}:{name}")
                if not dry_run:
                    storage.delete(name)
                removed += 1
        self.stdout.write(f"orphans: {removed} {'found' if dry_run else 'deleted'}")
