from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def photo_checks(photo_id: int):
    """Measure and fingerprint one stored photo, off the upload's request (like its renditions)."""
    from .photos.upload import photo_stored

    photo_stored(photo_id)
