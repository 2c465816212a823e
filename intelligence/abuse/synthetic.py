"""A generated history with planted abuse, to measure each pattern's precision and recall.

Kept apart from the demo data: it is made in memory from a seed and never written to the database.
Honest customers return now and then, and carry the honest noise that makes the patterns hard: a
warehouse mistake (one empty or wrong parcel), a mistyped serial, a quick return of a worn item,
households of two or three accounts at one address, small customers with a high rate by chance.
"""
import random
from datetime import datetime, timedelta

from .facts import CustomerFacts, ReturnFacts

PLANTS = {"return_rate": 15, "wardrobing": 15, "item_swap": 10, "empty_or_wrong_parcel": 10, "photo_reuse": 10}
ADDRESS_RINGS, RING_SIZE, HOUSEHOLDS = 4, 5, 25
START = datetime(2026, 1, 1)


class _Maker:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.next_return = 1

    def photo(self):
        return f"{self.rng.getrandbits(64):016x}"

    def near(self, base):
        value = int(base, 16)
        for bit in self.rng.sample(range(64), self.rng.randint(0, 3)):
            value ^= 1 << bit
        return f"{value:016x}"

    def ret(self, customer_id, *, days_kept=None, grade=None, **facts):
        rng = self.rng
        delivered = START + timedelta(days=rng.randint(0, 300))
        days = days_kept if days_kept is not None else rng.uniform(2, 28)
        if grade is None:
            grade = rng.choices("ABCDF", weights=[50, 30, 12, 5, 3])[0]
        r = ReturnFacts(return_id=self.next_return, rma=f"RMA-SYN-{self.next_return:05d}", customer_id=customer_id,
                        created_at=delivered + timedelta(days=days), delivered_at=delivered,
                        units=rng.choice([1, 1, 1, 2]), worst_grade=grade, **facts)
        if "photo_hashes" not in facts and rng.random() < 0.3:
            r.photo_hashes = [self.photo()]
        # Honest noise: the warehouse's and carriers' mistakes, an inspector's typo.
        roll = rng.random()
        r.empty_parcel = r.empty_parcel or roll < 0.01
        r.wrong_item = r.wrong_item or 0.01 <= roll < 0.025
        r.serial_mismatch = r.serial_mismatch or 0.025 <= roll < 0.028
        self.next_return += 1
        return r


def generate(honest: int = 500, seed: int = 16) -> tuple[list[CustomerFacts], dict]:
    """(customers, {pattern: set of planted customer ids})."""
    make, truth, customers = _Maker(seed), {p: set() for p in [*PLANTS, "shared_address"]}, []
    rng = make.rng

    def customer(kind=None, address=None):
        cid = len(customers) + 1
        c = CustomerFacts(cid, f"Customer {cid}", address or f"A{rng.getrandbits(40):010X}")
        c.units_delivered = rng.randint(2, 30)
        rate = rng.betavariate(2, 14)
        for _ in range(sum(1 for _ in range(c.units_delivered) if rng.random() < rate)):
            c.returns.append(make.ret(cid))
        customers.append(c)
        if kind:
            truth[kind].add(cid)
        return c

    for _ in range(honest):
        customer()
    for _ in range(HOUSEHOLDS):  # two or three honest accounts at one address
        address = f"H{rng.getrandbits(40):010X}"
        for _ in range(rng.randint(2, 3)):
            customer(address=address)
    for _ in range(PLANTS["return_rate"]):
        c = customer("return_rate")
        c.units_delivered = rng.randint(8, 30)
        c.returns = [make.ret(c.customer_id) for _ in range(int(c.units_delivered * rng.uniform(0.55, 0.9)))]
    for _ in range(PLANTS["wardrobing"]):
        c = customer("wardrobing")
        c.units_delivered = max(c.units_delivered, 12)
        c.returns += [make.ret(c.customer_id, days_kept=rng.uniform(1, 5), grade=rng.choice("CCD"))
                      for _ in range(rng.randint(3, 6))]
    for _ in range(PLANTS["item_swap"]):
        c = customer("item_swap")
        c.returns.append(make.ret(c.customer_id, serial_mismatch=True))
    for _ in range(PLANTS["empty_or_wrong_parcel"]):
        c = customer("empty_or_wrong_parcel")
        for _ in range(rng.randint(2, 3)):
            odd = rng.random() < 0.5
            c.returns.append(make.ret(c.customer_id, empty_parcel=odd, wrong_item=not odd))
    for _ in range(PLANTS["photo_reuse"]):
        c = customer("photo_reuse")
        base = make.photo()
        c.returns += [make.ret(c.customer_id, photo_hashes=[make.near(base)]) for _ in range(rng.randint(2, 3))]
    for _ in range(ADDRESS_RINGS):
        address = f"R{rng.getrandbits(40):010X}"
        for _ in range(RING_SIZE):
            c = customer("shared_address", address=address)
            if not c.returns:
                c.returns.append(make.ret(c.customer_id))
    return customers, truth


def precision_recall(flags, truth) -> dict:
    """{pattern: {"precision", "recall", "flagged", "planted", "hits"}} at the customer level."""
    result = {}
    for pattern, planted in truth.items():
        flagged = {f.customer_id for f in flags if f.pattern == pattern}
        hits = len(flagged & planted)
        result[pattern] = {"precision": hits / len(flagged) if flagged else float("nan"),
                           "recall": hits / len(planted) if planted else float("nan"),
                           "flagged": len(flagged), "planted": len(planted), "hits": hits}
    return result
