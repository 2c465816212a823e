"""Copy existing local media into object storage, checking every copy by its SHA-256.

For the move from one machine (MEDIA_STORAGE=local) to a fleet (MEDIA_STORAGE=s3): run it with the
S3 settings in the environment and MEDIA_ROOT / PRIVATE_MEDIA_ROOT pointing at the old folders. The
database keeps the same relative names, so nothing else changes. Idempotent: an object already there
with the same SHA-256 is left alone, so it can run again after an interruption (or once more right
before switching over, to pick up files written meanwhile).
"""
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from returnflow.storage import is_object_storage
from returnflow.storage_config import DEFAULT_ALIAS, ORIGINALS_ALIAS

CHUNK = 1024 * 1024


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def local_roots() -> dict[str, Path]:
    from inspection.storage import private_media_root

    return {DEFAULT_ALIAS: Path(settings.MEDIA_ROOT), ORIGINALS_ALIAS: private_media_root()}


class Command(BaseCommand):
    help = "Copy local media (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) into the S3 storages, verifying SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say what would be copied")

    def handle(self, *args, dry_run=False, **options):
        totals = {"copied": 0, "unchanged": 0, "replaced": 0}
        for alias, root in local_roots().items():
            storage = storages[alias]
            if not is_object_storage(storage):
                raise CommandError(f"STORAGES[{alias!r}] is not object storage: set MEDIA_STORAGE=s3 first.")
            if not root.is_dir():
                self.stdout.write(f"{alias}: {root} does not exist, nothing to copy")
                continue
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                outcome = self._copy(storage, path, path.relative_to(root).as_posix(), dry_run)
                totals[outcome] += 1
        verb = "would be " if dry_run else ""
        self.stdout.write(f"media: {verb}copied {totals['copied']}, {verb}replaced {totals['replaced']}, "
                          f"unchanged {totals['unchanged']}")

    def _copy(self, storage, path: Path, name: str, dry_run: bool) -> str:
        with path.open("rb") as source:
            local_hash = sha256_of(source)
        remote = storage.bucket.Object(storage._normalize_name(name))
        remote_hash = self._remote_sha256(remote)
        if remote_hash == local_hash:
            return "unchanged"
        outcome = "copied" if remote_hash is None else "replaced"
        if dry_run:
            return outcome
        with path.open("rb") as source:
            remote.upload_fileobj(source, ExtraArgs={"Metadata": {"sha256": local_hash}})
        # Read back what the bucket holds: the copy counts only when its bytes hash the same.
        if self._remote_sha256(remote, trust_metadata=False) != local_hash:
            remote.delete()  # never leave a bad copy whose metadata a later run would trust
            raise CommandError(f"{name}: the copy in the bucket does not match the local file's SHA-256")
        self.stdout.write(f"{outcome} {name} sha256={local_hash[:16]}…", self.style.SUCCESS)
        return outcome

    @staticmethod
    def _remote_sha256(remote, *, trust_metadata=True) -> str | None:
        from botocore.exceptions import ClientError

        try:
            remote.load()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        if trust_metadata and remote.metadata.get("sha256"):
            return remote.metadata["sha256"]
        return sha256_of(remote.get()["Body"])
