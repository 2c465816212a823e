from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from returnflow.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore a backup into a NEW database and media folders, then check it against its manifest "
            "(row counts, every photo original by SHA-256). Point DATABASE_URL at it afterwards.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder written by `manage.py backup`")
        parser.add_argument("--database", required=True, help="name of the database to create")
        parser.add_argument("--media-root", default="", help="public media folder (default: MEDIA_ROOT)")
        parser.add_argument("--private-root", default="", help="private evidence folder (default: beside it)")

    def handle(self, *args, **options):
        from inspection.storage import private_media_root

        media = Path(options["media_root"] or settings.MEDIA_ROOT)
        private = Path(options["private_root"] or (media.with_name(f"{media.name}-private")
                                                    if options["media_root"] else private_media_root()))
        try:
            figures = restore(Path(options["source"]), database=options["database"], media_root=media,
                              private_root=private)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = figures["counts"]
        self.stdout.write(f"restore: {options['database']} returns={counts['returns_returnrequest']} "
                          f"photos={counts['inspection_photo']} postings={counts['integrations_odooposting']} "
                          "checked against the manifest: whole")
