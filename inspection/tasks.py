from celery import shared_task
from django.core.files.base import ContentFile

from .models import Photo, PhotoStatus
from .photos import PhotoRejected, make_renditions


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def photo_make_renditions(photo_id: int):
    """Make the large and thumbnail JPEGs; the inspector never waits for this."""
    photo = Photo.objects.filter(pk=photo_id, status=PhotoStatus.PROCESSING).first()
    if photo is None:
        return
    with photo.original.open("rb") as original:
        try:
            renditions = make_renditions(original)
        except PhotoRejected as exc:
            Photo.objects.filter(pk=photo_id).update(status=PhotoStatus.FAILED, error=exc.message[:300])
            return
    stem = photo.sha256[:16]
    photo.large.save(f"{stem}-1600.jpg", ContentFile(renditions.large.jpeg), save=False)
    photo.thumbnail.save(f"{stem}-320.jpg", ContentFile(renditions.thumb.jpeg), save=False)
    photo.status = PhotoStatus.READY
    photo.save(update_fields=["large", "thumbnail", "status"])
