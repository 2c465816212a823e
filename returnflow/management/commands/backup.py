from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from returnflow.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, as the owner role) and the media into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", help="folder to create (default: backups/<UTC time>)")

    def handle(self, *args, **options):
        target = Path(options["to"] or f"backups/{datetime.now(UTC):%Y%m%dT%H%M%SZ}")
        try:
            manifest = backup(target)
        except (BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["counts"]
        self.stdout.write(f"backup: {target} returns={counts['returns_returnrequest']} "
                          f"photos={counts['inspection_photo']} postings={counts['integrations_odooposting']}")
