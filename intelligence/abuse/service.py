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
    """(every flag, {rma: return id}) for the whole history, cached."""
    found = None if refresh else cache.get(CACHE_KEY)
    if found is None:
        t = patterns.Thresholds(photo_distance=int(conf.get("PHOTO_MATCH_DISTANCE")))
        customers = facts.from_database()
        found = (patterns.detect(customers, t), {r.rma: r.return_id for c in customers for r in c.returns})
        cache.set(CACHE_KEY, found, conf.get("FLAGS_CACHE_SECONDS"))
    return found


def all_flags(refresh: bool = False) -> list[patterns.Flag]:
    return _computed(refresh)[0]


def rma_flags(rma: str) -> list[patterns.Flag]:
    flags, ids = _computed()
    return [f for f in flags if ids.get(rma) in f.return_ids] if rma in ids else []


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
