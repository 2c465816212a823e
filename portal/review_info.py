"""Everything the review page explains, computed from the draft and the live order.

Returns None when the draft no longer fits the order (an item was returned meanwhile, a reason
code was retired): the customer then goes back to the items page instead of seeing stale figures.
"""
from collections import OrderedDict
from dataclasses import dataclass, field

from returns import policy
from returns.choices import RefundMethod
from returns.models import ReasonCode

from .availability import deadline_text, order_availability
from .estimate import Item, estimate_refund
from .exchange_options import exchange_first, exchange_options, exchanges_enabled, option_for
from .explain import classify, fee_sentences
from .forms import CONDITIONS

CONDITION_LABELS = dict(CONDITIONS)


@dataclass
class ReviewItem:
    info: object  # LineAvailability
    quantity: int
    reason: object  # ReasonCode
    condition: str
    comment: str
    photos: list
    retake: list = field(default_factory=list)  # (photo name, [blurry / dark]) the customer may take again
    exchange: object = None  # ExchangeOption chosen instead of a refund, if any
    exchange_first: bool = False  # a size reason, an exchange possible, none chosen: suggest it

    @property
    def condition_label(self):
        return CONDITION_LABELS.get(self.condition, self.condition)

    @property
    def deadline(self):
        return deadline_text(self.info)


@dataclass
class Review:
    items: list
    results: list
    blocking: list
    exceptions: list
    reviews: list
    fees: list
    refund_methods: list
    estimate: object
    method_labels: dict = field(default_factory=dict)

    @property
    def needs_exception(self) -> bool:
        return bool(self.exceptions)


def _add_exchange(item, chosen):
    if not exchanges_enabled():
        return
    options = exchange_options(item.info.order_line)
    option = option_for(options, chosen) if chosen else None
    item.exchange = option if option is not None and option.available_for(item.quantity) else None
    item.exchange_first = (item.exchange is None and exchange_first(item.info.order_line, item.reason.code)
                           and any(o.available_for(item.quantity) for o in options))


def build_review(order, draft) -> Review | None:
    availability = {info.pk: info for info in order_availability(order)}
    reasons = {reason.code: reason for reason in ReasonCode.objects.filter(active=True)}
    items = []
    for line in draft.get("lines", []):
        info, reason = availability.get(line["order_line_id"]), reasons.get(line["reason"])
        if info is None or not info.selectable or reason is None or not 0 < line["quantity"] <= info.returnable:
            return None
        item = ReviewItem(info, line["quantity"], reason, line["condition"], line.get("comment", ""),
                          [photo["name"] for photo in line.get("photos", [])],
                          [(photo["name"], photo["quality"]) for photo in line.get("photos", [])
                           if photo.get("quality")])
        _add_exchange(item, line.get("exchange_for", ""))
        items.append(item)
    if not items:
        return None
    results = policy.evaluate(order, [policy.RequestedLine(item.info.order_line, item.quantity) for item in items])
    lines_by_id = {item.info.pk: item.info.order_line for item in items}
    policies = {item.info.pk: item.info.policy for item in items}
    sentences = classify(results, lines_by_id, policies)

    grouped = OrderedDict()
    for item in items:
        grouped.setdefault(item.info.policy.pk, (item.info.policy, []))[1].append(item.info.product.name)
    allowed = [set(p.allowed_refund_methods or []) for p, _names in grouped.values()]
    methods = [m for m in RefundMethod.values if all(m in a for a in allowed)] or [RefundMethod.ORIGINAL_PAYMENT]
    # The refund covers only what is not exchanged.
    estimate = estimate_refund(order, [Item(item.info.order_line, item.quantity, item.reason, item.condition)
                                       for item in items if item.exchange is None], policies, methods[0])
    return Review(items=items, results=results, blocking=sentences["blocking"], exceptions=sentences["exceptions"],
                  reviews=sentences["reviews"], fees=fee_sentences(list(grouped.values()), order.currency),
                  refund_methods=methods, estimate=estimate, method_labels=dict(RefundMethod.choices))
