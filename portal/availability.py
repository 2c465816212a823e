"""What a customer can still return from an order, line by line, in words they understand.

Figures come from returns.policy, the same functions the server-side policy check uses, so the
page never promises what the check will refuse.
"""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from returns import policy

from .dates import long_date


@dataclass
class LineAvailability:
    order_line: object  # SalesOrderLine
    delivered: int
    already_requested: int
    returnable: int
    deadline: datetime | None
    policy: object  # ReturnPolicy
    # Why the line cannot be returned at all (nothing delivered, nothing left): no form for it.
    blocked_reason: str = ""
    # Why the line is outside the policy (final sale, window closed): it can still be asked for
    # as an exception, which a support agent decides.
    exception_reason: str = ""

    @property
    def pk(self):
        return self.order_line.pk

    @property
    def product(self):
        return self.order_line.product

    @property
    def selectable(self) -> bool:
        return not self.blocked_reason and self.returnable > 0

    @property
    def prefix(self) -> str:
        return f"line-{self.order_line.pk}"


def day_text(value) -> str:
    return long_date(value)


def line_availability(order, order_line, now=None) -> LineAvailability:
    now = now or timezone.now()
    line_policy = policy.policy_for(order, order_line.product)
    deadline = policy.return_deadline(order, line_policy)
    requested = policy.already_requested(order_line)
    returnable = max(0, order_line.quantity_delivered - requested)
    info = LineAvailability(order_line, order_line.quantity_delivered, requested, returnable, deadline, line_policy)
    if order_line.quantity_delivered <= 0 or order.delivered_at is None:
        info.blocked_reason = _("Not delivered yet. You can return it once it has arrived.")
    elif returnable <= 0:
        info.blocked_reason = _("Already in a return request.")
    elif order_line.product.final_sale:
        info.exception_reason = _("Final sale: this item cannot be returned under our policy.")
    elif deadline is not None and now > deadline:
        info.exception_reason = _("The %(days)s-day return window closed on %(date)s.") % {
            "days": line_policy.window_days, "date": day_text(deadline)}
    return info


def order_availability(order, now=None) -> list[LineAvailability]:
    lines = order.lines.select_related("product", "product__category")
    return [line_availability(order, line, now) for line in lines]


def deadline_text(info: LineAvailability) -> str:
    if info.deadline is None:
        return _("Return window starts at delivery")
    if timezone.now() > info.deadline:
        return _("Return window closed on %(date)s") % {"date": day_text(info.deadline)}
    return _("Return by %(date)s") % {"date": day_text(info.deadline)}
