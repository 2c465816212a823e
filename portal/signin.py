"""Passwordless sign-in by an e-mailed one-time link.

The link carries the customer id and a random nonce, signed with SECRET_KEY (salted) and timestamped:
it expires after SIGN_IN_LINK_MINUTES, and it works once: using it stores the nonce in UsedSignInLink,
whose unique key makes a second use (even a concurrent one) fail. Opening the link (GET) only shows a
"Sign in" button; the POST signs in, so mail scanners that fetch links do not burn them.

Asking for a link always answers the same, whether the address belongs to a customer or not, and is
rate-limited per address and per e-mail address. Staff accounts never sign in this way.
"""
import secrets
from datetime import timedelta

from django.contrib.auth import login
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from returns.models import Customer
from returns.roles import CUSTOMER

from .links import public_url
from .models import UsedSignInLink

SALT = "portal.sign-in-link"
SIGN_IN_LINK_MINUTES = 20
BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInLinkInvalid(Exception):
    """Tampered, expired, already used, or for a customer who may not sign in this way."""


def customer_for_email(email: str) -> Customer | None:
    """The customer this address signs in as; None for unknown addresses and staff accounts."""
    customers = (Customer.objects.select_related("user").filter(email__iexact=(email or "").strip())
                 .order_by("pk"))
    for customer in customers:
        user = customer.user
        # Only plain customer accounts: a link must never open a staff role's powers.
        if (user.is_active and not user.is_staff and not user.is_superuser
                and not user.groups.exclude(name=CUSTOMER).exists()):
            return customer
    return None


def make_sign_in_token(customer) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"c": customer.pk, "n": secrets.token_urlsafe(24)})


def sign_in_url(customer) -> str:
    return public_url(reverse("portal:sign_in_link", args=[make_sign_in_token(customer)]))


def _read(token: str) -> dict:
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=timedelta(minutes=SIGN_IN_LINK_MINUTES))
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        raise SignInLinkInvalid() from None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("n"), str):
        raise SignInLinkInvalid()
    return data


def check_sign_in_token(token: str) -> Customer:
    """The customer of a valid, unused link (without using it)."""
    data = _read(token)
    if UsedSignInLink.objects.filter(nonce=data["n"]).exists():
        raise SignInLinkInvalid()
    customer = Customer.objects.select_related("user").filter(pk=data["c"]).first()
    if customer is None or customer_for_email(customer.email) != customer:
        raise SignInLinkInvalid()
    return customer


def use_sign_in_token(request, token: str) -> Customer:
    """Burn the link and sign this browser in as its customer."""
    customer = check_sign_in_token(token)
    try:
        with transaction.atomic():
            UsedSignInLink.objects.create(nonce=_read(token)["n"], customer=customer)
    except IntegrityError:
        raise SignInLinkInvalid() from None
    login(request, customer.user, backend=BACKEND)  # rotates the session key
    return customer
