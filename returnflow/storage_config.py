"""STORAGES entries for media, read from the environment (imported by settings: no Django imports here).

`MEDIA_STORAGE=local` (default): files on local disk under MEDIA_ROOT, originals under PRIVATE_MEDIA_ROOT.
`MEDIA_STORAGE=s3`: S3-compatible buckets through django-storages (returnflow/storage.py has the backends).
"""
from .env import envint, envstr

DEFAULT_ALIAS = "default"
ORIGINALS_ALIAS = "private_originals"
S3_BACKEND = "returnflow.storage_s3.PrivateS3Storage"
S3_ORIGINALS_BACKEND = "returnflow.storage_s3.OriginalsS3Storage"


def media_storages() -> dict:
    """The "default" and "private_originals" entries of Django's STORAGES, read from the environment."""
    kind = envstr("MEDIA_STORAGE", "local").strip().lower()
    if kind == "local":
        return {
            DEFAULT_ALIAS: {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            ORIGINALS_ALIAS: {"BACKEND": "inspection.storage.PrivateEvidenceStorage"},
        }
    if kind != "s3":
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', got {kind!r}")
    return s3_storages(
        bucket=envstr("MEDIA_S3_BUCKET"),
        originals_bucket=envstr("MEDIA_S3_ORIGINALS_BUCKET"),
        endpoint_url=envstr("MEDIA_S3_ENDPOINT_URL"),
        region=envstr("MEDIA_S3_REGION", "us-east-1"),
        access_key=envstr("MEDIA_S3_ACCESS_KEY_ID"),
        secret_key=envstr("MEDIA_S3_SECRET_ACCESS_KEY"),
        signed_url_seconds=envint("MEDIA_SIGNED_URL_SECONDS", 60),
        addressing_style=envstr("MEDIA_S3_ADDRESSING_STYLE", "path"),
    )


def s3_storages(*, bucket, endpoint_url="", region="us-east-1", access_key="", secret_key="",
                originals_bucket="", signed_url_seconds=60, addressing_style="path") -> dict:
    """STORAGES entries for S3. Originals go to their own bucket when given, else under `originals/`
    of the media bucket (a separate bucket lets an operator give it stricter policies and no CORS)."""
    from django.core.exceptions import ImproperlyConfigured

    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs MEDIA_S3_BUCKET.")
    common = {
        "region_name": region or None,
        "endpoint_url": endpoint_url or None,
        # Empty keys: boto3's own chain (instance role, IRSA, AWS_* variables) supplies them.
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing_style or None,
        "signature_version": "s3v4",
        "querystring_auth": True,
        "querystring_expire": signed_url_seconds,
        "default_acl": None,
        "file_overwrite": False,
    }
    return {
        DEFAULT_ALIAS: {"BACKEND": S3_BACKEND, "OPTIONS": {**common, "bucket_name": bucket}},
        ORIGINALS_ALIAS: {"BACKEND": S3_ORIGINALS_BACKEND, "OPTIONS": {
            **common, "bucket_name": originals_bucket or bucket, "location": "" if originals_bucket else "originals"}},
    }
