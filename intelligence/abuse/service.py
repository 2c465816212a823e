"""Abuse flags for the support console and the policy hook, computed over the whole history.

Peers (for the return rate), photo matches and address groups need the whole population, so the
flags are computed together and cached for a few minutes (`FLAGS_CACHE_SECONDS`): a flag may lag
a new return by that long, which is fine for advice.
"""
from django.core.cache import cache

from .. import conf
from . import facts, patterns

CACHE_KEY = "intelligence:abuse-flags:v2"


def _computed(refresh: bool = False) -> tuple[list[patterns.Flag], dict]:
    """(every flag, {rma: customer id}) for the whole history, cached."""
    found = None if refresh else cache.get(CACHE_KEY)
    if found is None:
        t = patterns.Thresholds(photo_distance=int(conf.get("PHOTO_MATCH_DISTANCE")))
        customers = facts.from_database()
        found = (patterns.detect(customers, t), {r.rma: c.customer_id for c in customers for r in c.returns})
        cache.set(CACHE_KEY, found, conf.get("FLAGS_CACHE_SECONDS"))
    return found


def all_flags(refresh: bool = False) -> list[patterns.Flag]:
    return _computed(refresh)[0]


def rma_flags(rma: str) -> list[patterns.Flag]:
    """The flags of the customer behind a return (a queue row): the pattern is the customer's."""
    flags, customers = _computed()
    customer_id = customers.get(rma)
    if customer_id is None:  # a return newer than the cached flags (the hook filled the cache as it was made)
        from returns.models import ReturnRequest

        customer_id = ReturnRequest.objects.filter(rma_number=rma).values_list("customer_id", flat=True).first()
    return [f for f in flags if f.customer_id == customer_id] if customer_id is not None else []


def clear() -> None:
    cache.delete(CACHE_KEY)


def customer_flags(customer_id: int) -> list[patterns.Flag]:
    return [f for f in all_flags() if f.customer_id == customer_id]


def return_flags(return_id: int) -> list[patterns.Flag]:
    return [f for f in all_flags() if return_id in f.return_ids]


def flags_for_policy(order, lines, now) -> list[str]:
    """The review hook: sentences for the patterns configured to send a customer's new return to a person."""
    review = set(conf.get("REVIEW_PATTERNS"))
    return [f"{flag.title}: {flag.evidence}" for flag in customer_flags(order.customer_id) if flag.pattern in review]
