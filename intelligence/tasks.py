from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def photo_checks(photo_id: int):
    """Measure and fingerprint one stored photo, off the upload's request (like its renditions)."""
    from .photos.upload import photo_stored

    photo_stored(photo_id)


def photo_checks_later(photo_id: int) -> None:
    """The hook the upload pipeline calls after commit: queue the checks; a broker that is down loses advice,
    never the upload (the photo is already committed, and `fingerprint_photos` catches up)."""
    import logging

    try:
        photo_checks.delay(photo_id)
    except Exception:
        logging.getLogger(__name__).warning("photo %s: checks not queued", photo_id, exc_info=True)
