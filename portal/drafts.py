"""The return being prepared, between "choose items" and "review": kept in the session.

Photos are validated on the items page but the return only exists after the review, so accepted
photos wait in a staging folder named after the draft's one-time token. The staged files are the
customer's originals (GPS and all), so they wait in the private evidence storage, which has no URL,
never in public media.
They are moved into real evidence (inspection.evidence.photo_store) when the return is created and
deleted when the draft is replaced, sent or abandoned (stale folders are purged on the next upload).
"""
import logging
import secrets
from datetime import timedelta

from django.utils import timezone

from inspection.evidence import EXTENSIONS
from inspection.storage import private_originals

from .photo_quality import photo_quality

log = logging.getLogger(__name__)

SESSION_KEY = "portal_draft"
STAGING_DIR = "portal-staging"
STALE_AFTER = timedelta(days=1)


def staging_storage():
    return private_originals()


def new_token() -> str:
    return secrets.token_urlsafe(24)


def idempotency_key(token: str) -> str:
    return f"portal-{token}"


def load(request, order) -> dict | None:
    draft = request.session.get(SESSION_KEY)
    return draft if draft and draft.get("order_id") == order.pk else None


def _delete_files(paths):
    for path in paths:
        try:
            staging_storage().delete(path)
        except OSError:  # already gone: nothing to clean
            log.warning("Could not delete staged photo %s", path)


def staged_paths(draft) -> list[str]:
    return [photo["path"] for line in (draft or {}).get("lines", []) for photo in line.get("photos", [])]


def discard(request):
    """Forget the draft and delete its staged photos."""
    draft = request.session.pop(SESSION_KEY, None)
    _delete_files(staged_paths(draft))


def stage_photo(token, upload, info) -> dict:
    name = f"{STAGING_DIR}/{token}/{info.sha256[:16]}.{EXTENSIONS[info.mime_type]}"
    upload.seek(0)
    path = staging_storage().save(name, upload)
    return {"path": path, "name": (getattr(upload, "name", "") or "photo")[:100], "sha256": info.sha256,
            "quality": photo_quality(upload)}


def save_from_form(request, order, items_form):
    """Store the chosen lines as the draft; new photos replace that line's earlier ones."""
    previous = load(request, order)
    if previous is None or previous.get("token") != items_form.token:
        # A draft for another order, or an older form: its photos are not needed any more.
        discard(request)
        previous = None
    earlier = {line["order_line_id"]: line.get("photos", []) for line in (previous or {}).get("lines", [])}
    purge_stale()
    lines, staged_now, unused = [], [], []
    try:
        for form in items_form.line_forms:
            old_photos = earlier.pop(form.info.pk, [])
            if form.chosen_quantity == 0:
                unused.extend(old_photos)
                continue
            if form.photo_infos:
                photos = [stage_photo(items_form.token, upload, info) for upload, info in form.photo_infos]
                staged_now.extend(photo["path"] for photo in photos)
                unused.extend(old_photos)
            else:
                photos = old_photos
            data = form.cleaned_data
            lines.append({"order_line_id": form.info.pk, "quantity": form.chosen_quantity, "reason": data["reason"],
                          "condition": data["condition"], "comment": data.get("comment", "").strip(),
                          "photos": photos, "exchange_for": data.get("exchange_for") or ""})
    except BaseException:
        _delete_files(staged_now)
        raise
    for photos in earlier.values():
        unused.extend(photos)
    _delete_files(photo["path"] for photo in unused)
    request.session[SESSION_KEY] = {"order_id": order.pk, "token": items_form.token, "lines": lines,
                                    "saved_at": timezone.now().isoformat()}
    return request.session[SESSION_KEY]


def purge_stale(now=None):
    """Delete staging folders of drafts abandoned for more than a day."""
    now = now or timezone.now()
    try:
        folders, _files = staging_storage().listdir(STAGING_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    for folder in folders:
        try:
            _subfolders, files = staging_storage().listdir(f"{STAGING_DIR}/{folder}")
            paths = [f"{STAGING_DIR}/{folder}/{name}" for name in files]
            if paths and all(now - staging_storage().get_modified_time(path) > STALE_AFTER for path in paths):
                _delete_files(paths)
        except (OSError, NotImplementedError):
            continue
