"""Abuse and anomaly flags: each pattern on small facts, the generated history, the database, the policy hook."""
from datetime import datetime, timedelta

import pytest

from intelligence.abuse import facts, patterns, synthetic
from intelligence.abuse.facts import CustomerFacts, ReturnFacts

DAY = datetime(2026, 5, 1)


def _ret(i, cid, days=10, grade="A", **kw):
    return ReturnFacts(i, f"RMA-{i}", cid, DAY + timedelta(days=days), DAY, **kw)


def _peers(n=30):
    out = []
    for cid in range(100, 100 + n):
        c = CustomerFacts(cid, f"P{cid}", f"ADDR{cid}", units_delivered=10)
        c.returns = [_ret(cid * 10 + k, cid) for k in range(cid % 3)]
        out.append(c)
    return out


def _by_pattern(flags):
    return {f.pattern: f for f in flags}


def test_a_return_rate_far_above_peers_is_flagged_with_the_figures():
    serial = CustomerFacts(1, "Serial", "X1", units_delivered=10, returns=[_ret(i, 1) for i in range(9)])
    flag = _by_pattern(patterns.detect([serial, *_peers()]))["return_rate"]
    assert flag.customer_id == 1 and "Returned 9 of 10 units" in flag.evidence and "robust z-score" in flag.evidence
    assert flag.title == "Return rate far above peers"
    few = CustomerFacts(2, "Few", "X2", units_delivered=2, returns=[_ret(50, 2), _ret(51, 2)])
    assert not patterns.detect([few, *_peers()], only={2})


def test_robust_z_is_not_fooled_by_a_constant_population():
    assert patterns.robust_z(5, []) == 0.0
    assert patterns.robust_z(1.0, [0.1] * 10) > 1000  # no spread at all: anything above is extreme
    assert patterns.robust_z(0.2, [0.1, 0.2, 0.3]) == 0.0


def test_wardrobing_needs_several_quick_returns_of_worn_items():
    c = CustomerFacts(3, "Party", "X3", units_delivered=12,
                      returns=[_ret(i, 3, days=2, worst_grade="C") for i in range(3)] + [_ret(9, 3, worst_grade="A")])
    flag = _by_pattern(patterns.detect([c]))["wardrobing"]
    assert "3 of 4 inspected returns came back used" in flag.evidence and "RMA-0" in flag.evidence
    honest = CustomerFacts(4, "Once", "X4", returns=[_ret(20, 4, days=2, worst_grade="D")])
    assert "wardrobing" not in _by_pattern(patterns.detect([honest]))
    assert ReturnFacts(1, "R", 1, DAY).days_kept is None


def test_swaps_empty_or_wrong_parcels_and_reused_photos_have_their_evidence():
    swap = CustomerFacts(5, "Swap", "X5", returns=[_ret(30, 5, serial_mismatch=True)])
    boxes = CustomerFacts(6, "Box", "X6", returns=[_ret(31, 6, empty_parcel=True), _ret(32, 6, wrong_item=True)])
    one_box = CustomerFacts(7, "Oops", "X7", returns=[_ret(33, 7, empty_parcel=True)])
    photo = "8f3c2a1b4d5e6f70"
    twin = f"{int(photo, 16) ^ 0b11:016x}"  # two bits apart: the same picture re-encoded
    p1 = CustomerFacts(8, "Pic", "X8", returns=[_ret(34, 8, photo_hashes=[photo])])
    p2 = CustomerFacts(9, "Pic2", "X9",
                       returns=[_ret(35, 9, photo_hashes=[twin]), _ret(36, 9, photo_hashes=["0" * 16])])
    flags = patterns.detect([swap, boxes, one_box, p1, p2])
    kinds = {(f.pattern, f.customer_id) for f in flags}
    assert {("item_swap", 5), ("empty_or_wrong_parcel", 6), ("photo_reuse", 8), ("photo_reuse", 9)} <= kinds
    assert ("empty_or_wrong_parcel", 7) not in kinds
    parcel = next(f for f in flags if f.pattern == "empty_or_wrong_parcel")
    assert "1 parcel(s) arrived empty and 1 with a product not on the return" in parcel.evidence
    reuse = next(f for f in flags if f.pattern == "photo_reuse" and f.customer_id == 8)
    assert "RMA-35" in reuse.evidence and reuse.return_ids == (34,)


def test_many_accounts_at_one_address():
    ring = [CustomerFacts(20 + i, f"Ring {i}", "1012AB", returns=[_ret(60 + i, 20 + i)]) for i in range(4)]
    flags = [f for f in patterns.detect(ring) if f.pattern == "shared_address"]
    assert len(flags) == 4 and "4 accounts with returns share the address 1012AB" in flags[0].evidence
    assert not [f for f in patterns.detect(ring[:3]) if f.pattern == "shared_address"]
    assert facts.normalize_address("1012 ab") == "1012AB"


def test_the_generated_history_measures_every_pattern():
    customers, truth = synthetic.generate(honest=120, seed=5)
    scores = synthetic.precision_recall(patterns.detect(customers), truth)
    assert set(scores) == set(patterns.PATTERNS)
    for pattern, s in scores.items():
        assert s["planted"] > 0 and s["recall"] >= 0.5, pattern
    empty = synthetic.precision_recall([], {"x": set()})
    assert empty["x"]["flagged"] == 0


# --- the database, the console and the policy hook ------------------------------------------------------
@pytest.fixture
def swapper(alice, ivan):
    """Alice sent back a unit whose serial was not hers: a serial-mismatch hold on her first return."""
    from inspection.models import HoldKind, LineHold
    from tests.factories import create_return, make_order, make_product

    order = make_order(alice, [(make_product(serialized=True, category="electronics"), 1, "200.00")])
    ret = create_return(order, alice.user)
    LineHold.objects.create(line=ret.lines.get(), kind=HoldKind.SERIAL_MISMATCH, reason="SN-9 not shipped")
    return ret


@pytest.mark.django_db
def test_facts_from_the_database(swapper, bob, fresh_flags):
    from intelligence.models import PhotoFingerprint
    from tests.factories import add_inspection_photo, create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    bob_return = create_return(make_order(bob, [(make_product(), 2, "20.00")], delivered_days_ago=3), bob.user)
    line = bob_return.lines.get()
    line.grade = "C"
    line.save(update_fields=["grade"])
    photo = customer_photo(line, bob.user)
    PhotoFingerprint.objects.create(photo=photo, phash="0" * 16)
    # The warehouse's own photos are not the customer's: never counted as reuse.
    PhotoFingerprint.objects.create(photo=add_inspection_photo(line, None), phash="1" * 16)
    by_id = {c.customer_id: c for c in facts.from_database()}
    alice_facts = by_id[swapper.customer_id]
    assert alice_facts.units_delivered == 1 and alice_facts.returns[0].serial_mismatch
    bob_facts = by_id[bob.pk]
    assert bob_facts.returns[0].worst_grade == "C" and bob_facts.returns[0].photo_hashes == ["0" * 16]
    assert 2.9 < bob_facts.returns[0].days_kept < 3.1 and bob_facts.units_returned == 2
    only = facts.from_database([bob.pk])
    assert {c.customer_id for c in only} == {bob.pk, swapper.customer_id}  # same postcode: address mates


@pytest.mark.django_db
def test_a_flagged_customer_s_next_return_goes_to_a_person_never_rejected(swapper, alice, fresh_flags):
    from returns.choices import ReturnStatus
    from tests.factories import create_return, make_order, make_product

    ret = create_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user)
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    advice = [r for r in ret.policy_results if r["rule"] == "advisory_flags"]
    assert advice[0]["outcome"] == "review" and swapper.rma_number in advice[0]["message"]
    assert "Item or serial swapped" in advice[0]["message"]


@pytest.mark.django_db
def test_a_pattern_outside_review_patterns_only_informs(swapper, alice, settings, fresh_flags):
    from returns.choices import ReturnStatus
    from tests.factories import create_return, make_order, make_product

    settings.INTELLIGENCE = {"REVIEW_PATTERNS": ["wardrobing"]}
    ret = create_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user)
    assert ret.state == ReturnStatus.AUTHORIZED


@pytest.mark.django_db
def test_a_failing_hook_never_stops_a_return(alice, monkeypatch):
    from returns import policy
    from returns.choices import ReturnStatus
    from tests.factories import create_return, make_order, make_product

    def broken(order, lines, now):
        raise RuntimeError("model file missing")

    monkeypatch.setitem(policy._review_hooks, "broken", broken)
    ret = create_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user)
    assert ret.state == ReturnStatus.AUTHORIZED


@pytest.mark.django_db
def test_agents_see_the_flags_on_the_return_and_in_the_exception_queue(swapper, alice, sam, fresh_flags):
    from django.test import Client

    from tests.factories import create_return, make_order, make_product

    flagged = create_return(make_order(alice, [(make_product(), 1, "30.00")]), alice.user)
    client = Client()
    client.force_login(sam)
    page = client.get(f"/support/returns/{swapper.rma_number}/").content.decode()
    assert 'data-testid="abuse-flags"' in page and "Item or serial swapped" in page and "this return" in page
    queue = client.get("/support/queues/exceptions/").content.decode()
    assert flagged.rma_number in queue and 'data-flag="item_swap"' in queue


@pytest.mark.django_db
def test_the_cache_and_lookups(swapper, fresh_flags):
    from intelligence.abuse import service

    assert service.return_flags(swapper.pk)[0].pattern == "item_swap"
    assert service.rma_flags(swapper.rma_number) and service.rma_flags("RMA-NONE") == []
    assert service.all_flags() == service.all_flags(refresh=True)


@pytest.mark.django_db
def test_queue_rows_newer_than_the_cached_flags_cost_one_query_per_page(swapper, bob, fresh_flags):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from intelligence.abuse import service
    from tests.factories import create_return, make_order, make_product
    from tests.performance.population import seed_history

    assert service.all_flags()  # cached now; the returns below are made without a lifecycle step
    seed_history(swapper, 30, year=2018)
    bobs = create_return(make_order(bob, [(make_product(), 1, "10.00")]), bob.user)
    seed_history(bobs, 5, year=2017)
    page = {}
    with CaptureQueriesContext(connection) as queries:
        alices = [service.rma_flags(f"RMA-2018-{i:06d}", page) for i in range(30)]
        bobs_rows = [service.rma_flags(f"RMA-2017-{i:06d}", page) for i in range(5)]
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    assert all(flags and flags[0].pattern == "item_swap" for flags in alices)  # Alice's pattern, on her rows
    assert bobs_rows == [[]] * 5
    with CaptureQueriesContext(connection) as queries:
        assert service.rma_flags("RMA-NONE", page) == [] and service.rma_flags("RMA-NONE", page) == []
    assert len(queries) == 1  # an unknown number is asked for once per page
    assert service.rma_flags("RMA-2018-000003") == alices[3]  # without a page: a query of its own, same answer


@pytest.mark.django_db
def test_empty_and_wrong_item_parcels_are_read_from_receipts(alice, fresh_flags):
    from django.utils import timezone

    from inspection.models import DiscrepancyKind, ReceivingDiscrepancy
    from returns.models import ReturnLine, ReturnRequest
    from tests.factories import create_return, make_order, make_product

    empty = create_return(make_order(alice, [(make_product(), 1, "10.00")]), alice.user)
    ReturnRequest.objects.filter(pk=empty.pk).update(received_at=timezone.now())  # arrived, nothing inside
    swapped = create_return(make_order(alice, [(make_product(), 1, "10.00")]), alice.user)
    ReturnLine.objects.create(request=swapped, product=make_product(), quantity_requested=0, unexpected=True)
    ReceivingDiscrepancy.objects.create(return_request=swapped, kind=DiscrepancyKind.UNEXPECTED_PRODUCT)
    by_rma = {r.rma: r for c in facts.from_database() for r in c.returns}
    assert by_rma[empty.rma_number].empty_parcel and not by_rma[empty.rma_number].wrong_item
    assert by_rma[swapped.rma_number].wrong_item and not by_rma[swapped.rma_number].empty_parcel
    from intelligence.abuse import service

    service.clear()  # written here without a lifecycle step, so nothing refreshed the cached flags
    assert [f.pattern for f in service.customer_flags(alice.pk)] == ["empty_or_wrong_parcel"]


@pytest.mark.django_db
def test_a_lifecycle_step_refreshes_the_flags(alice, django_capture_on_commit_callbacks, fresh_flags):
    from django.core.cache import cache

    from intelligence.abuse import service
    from tests.factories import create_return, make_order, make_product

    with django_capture_on_commit_callbacks(execute=True):
        create_return(make_order(alice, [(make_product(), 1, "10.00")]), alice.user)
    assert cache.get(service.CACHE_KEY) is None
