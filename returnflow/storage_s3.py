"""The S3 backends of MEDIA_STORAGE=s3 (django-storages on boto3), kept apart so that the embedded mode
never imports boto3."""
from botocore.config import Config
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend with short client timeouts, so a dead endpoint fails a request (and
    /readyz) in seconds instead of hanging a gunicorn worker."""

    def __init__(self, **settings):
        settings.setdefault("client_config", Config(
            connect_timeout=3, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": settings.get("addressing_style")},
            signature_version=settings.get("signature_version")))
        super().__init__(**settings)


class OriginalsS3Storage(PrivateS3Storage):
    """Photo originals: private evidence, never served, so not even a signed URL is handed out."""

    def url(self, name, *args, **kwargs):
        raise ValueError("Photo originals are private evidence and have no URL; serve a rendition.")
