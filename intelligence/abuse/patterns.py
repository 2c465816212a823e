"""Abuse and anomaly patterns over customers' return facts, each with its evidence in words.

Every pattern is a simple, explainable rule on top of a robust statistic, so an agent can check the
evidence and disagree. Flags advise: they can send a new return to a person (policy hook), never
reject one. Thresholds are in `Thresholds`; the report measures them on a generated history.
"""
import statistics
from collections import defaultdict
from dataclasses import dataclass

from .facts import WORN_GRADES, CustomerFacts

PATTERNS = {
    "return_rate": "Return rate far above peers",
    "wardrobing": "Wardrobing pattern",
    "item_swap": "Item or serial swapped",
    "empty_or_wrong_parcel": "Empty or wrong-item parcels",
    "photo_reuse": "Same photo on several returns",
    "shared_address": "Many accounts at one address",
}


@dataclass(frozen=True)
class Thresholds:
    robust_z: float = 3.5  # the usual cut-off for the modified z-score (Iglewicz and Hoaglin)
    min_delivered: int = 4  # fewer delivered units say nothing about a rate
    min_peers: int = 20  # a robust z-score over a handful of customers means nothing
    min_returns: int = 3
    wardrobe_days: float = 7.0
    wardrobe_min_returns: int = 3
    wardrobe_share: float = 0.5
    parcel_min_returns: int = 2  # one empty or wrong parcel can be the warehouse's or carrier's mistake
    photo_distance: int = 10  # Hamming distance of 64-bit perceptual hashes counted as the same picture
    address_accounts: int = 4


@dataclass(frozen=True)
class Flag:
    pattern: str
    customer_id: int
    return_ids: tuple
    score: float
    evidence: str

    @property
    def title(self) -> str:
        return PATTERNS[self.pattern]


def robust_z(value: float, population: list[float]) -> float:
    """(value − median) / (1.4826 · MAD): the z-score that a few extreme returners cannot inflate."""
    if not population:
        return 0.0
    median = statistics.median(population)
    mad = statistics.median(abs(x - median) for x in population)
    spread = 1.4826 * mad or statistics.fmean(abs(x - median) for x in population) * 1.2533 or 1e-9
    return (value - median) / spread


# A customer's rate is shrunk towards the peers' median as if they had this many more units at it,
# so that 3 returns of 5 units do not look like a serial returner (measured: fewer false flags).
PRIOR_UNITS = 5


def return_rate(customer: CustomerFacts, prior: float = 0.0) -> float:
    if not customer.units_delivered:
        return 0.0
    return (customer.units_returned + PRIOR_UNITS * prior) / (customer.units_delivered + PRIOR_UNITS)


def peer_rates(customers) -> list[float]:
    peers = [c for c in customers if c.units_delivered >= Thresholds.min_delivered]
    prior = statistics.median(c.units_returned / c.units_delivered for c in peers) if peers else 0.0
    return [return_rate(c, prior) for c in peers]


def detect_return_rate(customer, rates, t: Thresholds):
    if customer.units_delivered < t.min_delivered or len(customer.returns) < t.min_returns or len(rates) < t.min_peers:
        return None
    median = statistics.median(rates)
    rate = customer.units_returned / customer.units_delivered
    z = robust_z(return_rate(customer, median), rates)
    if z < t.robust_z:
        return None
    return Flag("return_rate", customer.customer_id, tuple(r.return_id for r in customer.returns), round(z, 1),
                f"Returned {customer.units_returned} of {customer.units_delivered} units delivered ({rate:.0%}); "
                f"peers' median is {median:.0%} (robust z-score {z:.1f}).")


def detect_wardrobing(customer, t: Thresholds):
    quick_worn = [r for r in customer.returns if r.worst_grade in WORN_GRADES
                  and r.days_kept is not None and r.days_kept <= t.wardrobe_days]
    inspected = [r for r in customer.returns if r.worst_grade]
    if len(quick_worn) < t.wardrobe_min_returns or len(quick_worn) < t.wardrobe_share * len(inspected):
        return None
    days = statistics.median(r.days_kept for r in quick_worn)
    return Flag("wardrobing", customer.customer_id, tuple(r.return_id for r in quick_worn), float(len(quick_worn)),
                f"{len(quick_worn)} of {len(inspected)} inspected returns came back used (grade C or D) within "
                f"{t.wardrobe_days:.0f} days of delivery (median {days:.1f} days): "
                + ", ".join(r.rma for r in quick_worn[:5]) + ".")


def detect_item_swap(customer, t: Thresholds):
    swapped = [r for r in customer.returns if r.serial_mismatch]
    if not swapped:
        return None
    return Flag("item_swap", customer.customer_id, tuple(r.return_id for r in swapped), float(len(swapped)),
                f"{len(swapped)} return(s) came back with a serial number not shipped to this customer: "
                + ", ".join(r.rma for r in swapped[:5]) + ".")


def detect_parcels(customer, t: Thresholds):
    odd = [r for r in customer.returns if r.empty_parcel or r.wrong_item]
    if len(odd) < t.parcel_min_returns:
        return None
    empty = sum(1 for r in odd if r.empty_parcel)
    return Flag("empty_or_wrong_parcel", customer.customer_id, tuple(r.return_id for r in odd), float(len(odd)),
                f"{empty} parcel(s) arrived empty and {len(odd) - empty} with a product not on the return: "
                + ", ".join(r.rma for r in odd[:5]) + ".")


def hamming(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def photo_matches(customers, t: Thresholds) -> dict:
    """return id → the other returns (rma) whose photo is the same picture. Pairwise, fine to ~10⁴ photos."""
    photos = [(h, r) for c in customers for r in c.returns for h in r.photo_hashes]
    matches = defaultdict(set)
    for i, (hash_a, ret_a) in enumerate(photos):
        for hash_b, ret_b in photos[i + 1:]:
            if ret_a.return_id != ret_b.return_id and hamming(hash_a, hash_b) <= t.photo_distance:
                matches[ret_a.return_id].add(ret_b.rma)
                matches[ret_b.return_id].add(ret_a.rma)
    return matches


def detect_photo_reuse(customer, matches, t: Thresholds):
    reused = [r for r in customer.returns if matches.get(r.return_id)]
    if not reused:
        return None
    others = sorted({rma for r in reused for rma in matches[r.return_id]})
    return Flag("photo_reuse", customer.customer_id, tuple(r.return_id for r in reused), float(len(others)),
                f"The photo on {', '.join(r.rma for r in reused[:5])} is the same picture as on "
                f"{', '.join(others[:5])}.")


def address_groups(customers) -> dict:
    groups = defaultdict(list)
    for c in customers:
        if c.address and c.returns:
            groups[c.address].append(c)
    return groups


def detect_shared_address(customer, groups, t: Thresholds):
    mates = groups.get(customer.address, [])
    if len(mates) < t.address_accounts:
        return None
    return Flag("shared_address", customer.customer_id, tuple(r.return_id for r in customer.returns),
                float(len(mates)),
                f"{len(mates)} accounts with returns share the address {customer.address}: "
                + ", ".join(m.name for m in mates[:6]) + ".")


def detect(customers, t: Thresholds = Thresholds(), only=None) -> list[Flag]:
    """Every flag for the customers in `only` (ids; default all), with the population as peers."""
    customers = list(customers)
    rates, matches, groups = peer_rates(customers), photo_matches(customers, t), address_groups(customers)
    flags = []
    for c in customers:
        if only is not None and c.customer_id not in only:
            continue
        for flag in (detect_return_rate(c, rates, t), detect_wardrobing(c, t), detect_item_swap(c, t),
                     detect_parcels(c, t), detect_photo_reuse(c, matches, t), detect_shared_address(c, groups, t)):
            if flag:
                flags.append(flag)
    return flags
