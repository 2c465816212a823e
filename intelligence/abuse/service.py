"""Abuse flags for the support console and the policy hook, computed over the whole history.

Peers (for the return rate), photo matches and address groups need the whole population, so the
flags are computed together and cached for a few minutes (`FLAGS_CACHE_SECONDS`): a flag may lag
a new return by that long, which is fine for advice.
"""
from django.core.cache import cache

from .. import conf
from . import facts, patterns

CACHE_KEY = "intelligence:abuse-flags:v3"  # v3: the snapshot also names its highest return id


def _snapshot(refresh: bool = False) -> tuple[list[patterns.Flag], dict, int]:
    """(every flag, {rma: customer id}, highest return id seen) for the whole history, cached."""
    found = None if refresh else cache.get(CACHE_KEY)
    if found is None:
        t = patterns.Thresholds(photo_distance=int(conf.get("PHOTO_MATCH_DISTANCE")))
        customers = facts.from_database()
        returns = [r for c in customers for r in c.returns]
        found = (patterns.detect(customers, t), {r.rma: r.customer_id for r in returns},
                 max((r.return_id for r in returns), default=0))
        cache.set(CACHE_KEY, found, conf.get("FLAGS_CACHE_SECONDS"))
    return found


def _computed(refresh: bool = False) -> tuple[list[patterns.Flag], dict]:
    """(every flag, {rma: customer id}) for the whole history, cached."""
    flags, customers, _after = _snapshot(refresh)
    return flags, customers


def _customer_of_newer_return(rma: str, after: int, page: dict | None) -> int | None:
    """The customer of a return the snapshot does not know. `page` is a dict the caller keeps for one
    request (a queue page of fifty rows): the first miss fills it with every return made since the
    snapshot in one query, instead of a query per row."""
    from returns.models import ReturnRequest

    if page is not None and page.get("since") != after:  # the page's first miss: all of them at once
        page["since"] = after
        page["customers"] = dict(ReturnRequest.objects.filter(pk__gt=after).values_list("rma_number", "customer_id"))
    known = page["customers"] if page is not None else {}
    if rma not in known:  # no such return, or one made since (or missed by) the snapshot: ask for this one
        known[rma] = ReturnRequest.objects.filter(rma_number=rma).values_list("customer_id", flat=True).first()
    return known[rma]


def all_flags(refresh: bool = False) -> list[patterns.Flag]:
    return _computed(refresh)[0]


def rma_flags(rma: str, page: dict | None = None) -> list[patterns.Flag]:
    """The flags of the customer behind a return (a queue row): the pattern is the customer's. Pass the
    same `page` dict for every row of one page so that rows newer than the cached flags cost one query."""
    flags, customers, after = _snapshot()
    customer_id = customers.get(rma)
    if customer_id is None:  # a return newer than the cached flags (the hook filled the cache as it was made)
        customer_id = _customer_of_newer_return(rma, after, page)
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
