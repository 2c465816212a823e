"""Where media lives: local disk (the embedded default) or S3-compatible object storage.

`MEDIA_STORAGE=s3` moves every stored file (photo renditions, documents, exports under the "default"
alias; photo originals under the "private_originals" alias) to buckets reached through django-storages'
boto3 backend, so any number of web and worker processes share them and none keeps files another needs.

Nothing in a bucket is public: objects are written without an ACL (the bucket's own private default),
and people get a file only through a view that checks their role first and then answers with a
redirect to a presigned URL that expires after `MEDIA_SIGNED_URL_SECONDS` (default 60). Photo originals
(they may carry the phone's GPS position) get no URL at all, signed or not.
"""
import sys

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

from .storage_config import ORIGINALS_ALIAS


def is_object_storage(storage) -> bool:
    """True for the S3 backends; checked without importing boto3 when nothing has used it."""
    cls = storage.__class__  # on a lazy storage (default_storage, an alias) this sets up the real backend
    module = sys.modules.get("storages.backends.s3")
    return module is not None and issubclass(cls, module.S3Storage)


def signed_url(field_file, *, seconds: int | None = None, filename: str | None = None,
               content_type: str | None = None) -> str | None:
    """A short-lived presigned GET URL for a stored file, or None when it lives on local disk (the view then
    streams it itself). Call only after the role check: whoever holds the URL can fetch it until it expires."""
    storage = field_file.storage
    if not is_object_storage(storage):
        return None
    params = {}
    if filename:
        params["ResponseContentDisposition"] = f'attachment; filename="{filename}"'
    if content_type:
        params["ResponseContentType"] = content_type
    return storage.url(field_file.name, parameters=params or None,
                       expire=seconds or storage.querystring_expire)


class AliasedStorage(LazyObject):
    """A storage looked up by its STORAGES alias when first used (like Django's default_storage), and looked
    up again after the setting changes. Model fields get this object, so the alias decides the backend."""

    def __init__(self, alias: str):
        self.__dict__["_alias"] = alias
        super().__init__()

    def _setup(self):
        self._wrapped = storages[self.__dict__["_alias"]]

    # FileField.deconstruct() and migrations compare storages; an alias is its own identity.
    def __eq__(self, other):
        return isinstance(other, AliasedStorage) and other.__dict__["_alias"] == self.__dict__["_alias"]

    __hash__ = object.__hash__


originals_storage = AliasedStorage(ORIGINALS_ALIAS)


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        originals_storage._wrapped = empty


EXPORTS_PREFIX = "exports"


def download_response(content, *, filename: str, content_type: str):
    """A generated download (evidence pack, export) for someone whose role was checked.

    On local disk: streamed by this process, as before. In object storage: written under `exports/` with an
    unguessable name and answered with a redirect to a short-lived signed URL, so a large download never
    ties up a web worker and survives this node going away mid-transfer. Give the bucket a lifecycle rule
    that expires `exports/` after a day (README, "Media in object storage").
    """
    import uuid

    from django.core.files import File
    from django.core.files.storage import default_storage
    from django.http import FileResponse, HttpResponse, HttpResponseRedirect

    if not is_object_storage(default_storage):
        if isinstance(content, bytes):
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return FileResponse(content, as_attachment=True, filename=filename, content_type=content_type)
    if isinstance(content, bytes):
        from django.core.files.base import ContentFile

        stored = ContentFile(content)
    else:
        stored = File(content)
    name = default_storage.save(f"{EXPORTS_PREFIX}/{uuid.uuid4().hex}/{filename}", stored)
    url = default_storage.url(name, parameters={
        "ResponseContentDisposition": f'attachment; filename="{filename}"', "ResponseContentType": content_type})
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "no-store"
    return response
