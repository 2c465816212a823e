"""Signed status links sent by e-mail: they open one return's status page without a login.

The token carries the RMA number and a timestamp, signed with SECRET_KEY; it expires after
RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"].
"""
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "portal.status-link"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _signer():
    return signing.TimestampSigner(salt=SALT)


def make_token(ret) -> str:
    return _signer().sign(ret.rma_number)


def read_token(token: str) -> str:
    """The RMA number in a valid token; LinkExpired or LinkInvalid otherwise."""
    max_age = timedelta(days=settings.RETURNFLOW["STATUS_LINK_MAX_AGE_DAYS"])
    try:
        return _signer().unsign(token, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired() from None
    except signing.BadSignature:
        raise LinkInvalid() from None


def status_path(ret) -> str:
    return reverse("portal:status_link", args=[make_token(ret)])


def public_url(path: str) -> str:
    """An absolute URL for e-mails, which are sent by a task that has no request to build one from."""
    base = settings.RETURNFLOW.get("PUBLIC_URL") or "http://127.0.0.1:8000"
    return base.rstrip("/") + path


def status_url(ret) -> str:
    return public_url(status_path(ret))
