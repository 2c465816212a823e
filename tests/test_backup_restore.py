"""`make backup` / `make restore`: a restore into a fresh database has every return, photo (by hash)
and posting, and keeps the two database roles' split."""
import uuid

import psycopg2
import pytest
from django.core.management import call_command

from inspection.models import Photo
from integrations.models import OdooPosting
from returnflow.backup import current_owner_url, sha256_of, with_database
from returns.models import ReturnRequest
from tests.factories import add_inspection_photo, create_return, receive_all

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def restored_name():
    name = f"rf_restore_{uuid.uuid4().hex[:10]}"
    yield name
    admin = psycopg2.connect(with_database(current_owner_url(), "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def test_a_backup_restores_whole_into_a_fresh_database(media, tmp_path, restored_name, alice, alice_order, ivan):
    from inspection.storage import private_media_root

    ret = receive_all(create_return(alice_order, alice.user), ivan)
    photo = add_inspection_photo(ret.lines.first(), ivan)
    assert OdooPosting.objects.filter(request=ret).exists()

    call_command("backup", to=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    assert {p.name for p in (tmp_path / "bk").iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}

    new_media, new_private = tmp_path / "restored" / "media", tmp_path / "restored" / "media-private"
    call_command("restore", str(tmp_path / "bk"), database=restored_name, media_root=str(new_media),
                 private_root=str(new_private), stdout=open("/dev/null", "w"))
    # Every return, event and posting is there, and the original is back byte for byte.
    url = with_database(current_owner_url(), restored_name)
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        cursor.execute("SELECT rma_number, state FROM returns_returnrequest")
        assert cursor.fetchall() == [(ret.rma_number, ReturnRequest.objects.get(pk=ret.pk).state)]
        cursor.execute("SELECT count(*) FROM integrations_odooposting")
        assert cursor.fetchone()[0] == OdooPosting.objects.count()
        cursor.execute("SELECT original, sha256 FROM inspection_photo")
        (original, sha), = cursor.fetchall()
    assert sha == Photo.objects.get(pk=photo.pk).sha256
    assert sha256_of(new_private / original) == sha == sha256_of(private_media_root() / original)
    db.close()

    # The two roles are kept: the app role reads and writes rows but cannot rewrite history.
    app = psycopg2.connect(url.replace("returnflow_owner:", "returnflow:", 1))
    app.autocommit = True
    with app.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM returns_returnevent")
        assert cursor.fetchone()[0] > 0
        with pytest.raises(psycopg2.Error):
            cursor.execute("TRUNCATE returns_returnevent")
    app.close()


def test_a_restore_that_is_not_whole_says_what_is_missing(media, tmp_path, restored_name, alice, alice_order, ivan):
    from django.core.management.base import CommandError

    ret = receive_all(create_return(alice_order, alice.user), ivan)
    add_inspection_photo(ret.lines.first(), ivan)
    call_command("backup", to=str(tmp_path / "bk"), stdout=open("/dev/null", "w"))
    import tarfile

    # A media archive without the private evidence: the photo original cannot be restored.
    with tarfile.open(tmp_path / "bk" / "media.tar.gz", "r:gz") as full, \
            tarfile.open(tmp_path / "stripped.tar.gz", "w:gz") as stripped:
        for member in full.getmembers():
            if not member.name.startswith("private"):
                stripped.addfile(member, full.extractfile(member) if member.isfile() else None)
    (tmp_path / "stripped.tar.gz").replace(tmp_path / "bk" / "media.tar.gz")
    with pytest.raises(CommandError, match="photo original .* is missing"):
        call_command("restore", str(tmp_path / "bk"), database=restored_name,
                     media_root=str(tmp_path / "r" / "media"), private_root=str(tmp_path / "r" / "private"),
                     stdout=open("/dev/null", "w"))
