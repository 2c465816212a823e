"""Return policy as a chain of small rules.

Each rule looks at one requested line (or the whole request) and passes, rejects, or asks for
manual review, with a sentence a person can read. The results are stored on the return and shown
to agents; any "review" sends the request to a support agent.

A customer may ask for an exception to an overridable rejection (outside the window, final
sale): it then becomes "review". Rejections that no agent could sensibly override (more than was
delivered, nothing delivered yet) stay rejections.
"""
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from .models import ReturnPolicy

PASS, REJECT, REVIEW = "pass", "reject", "review"


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: str
    message: str
    line: int | None = None  # the order line the result is about, if any
    overridable: bool = False

    def as_dict(self):
        return asdict(self)


@dataclass(frozen=True)
class RequestedLine:
    order_line: object  # SalesOrderLine
    quantity: int


def policy_for(order, product) -> ReturnPolicy:
    """The most specific active policy for this order's channel and the product's category."""
    candidates = ReturnPolicy.objects.filter(active=True, channel__in=["", order.channel]).filter(
        Q(category_id=product.category_id) | Q(category__isnull=True)
    )
    ranked = sorted(candidates, key=lambda p: (-p.specificity, p.pk))
    if not ranked:
        raise ReturnPolicy.DoesNotExist("No active default return policy is configured.")
    return ranked[0]


def already_requested(order_line, exclude_request_id=None) -> int:
    """Units of this order line already in returns that are still alive."""
    from .choices import ReturnStatus

    lines = order_line.return_lines.exclude(
        request__state__in=[ReturnStatus.REJECTED, ReturnStatus.CANCELLED, ReturnStatus.EXPIRED]
    )
    if exclude_request_id:
        lines = lines.exclude(request_id=exclude_request_id)
    return sum(line.quantity_requested for line in lines)


def returnable_quantity(order_line) -> int:
    return max(0, order_line.quantity_delivered - already_requested(order_line))


def return_deadline(order, policy):
    if order.delivered_at is None:
        return None
    return order.delivered_at + timedelta(days=policy.window_days)


# --- line rules ------------------------------------------------------------------------------
def rule_order_delivered(order, line, policy, now):
    if line.order_line.quantity_delivered <= 0 or order.delivered_at is None:
        return RuleResult("order_delivered", REJECT, "This item has not been delivered yet.", line.order_line.pk)
    return RuleResult("order_delivered", PASS, "The item was delivered.", line.order_line.pk)


def rule_quantity_returnable(order, line, policy, now):
    left = returnable_quantity(line.order_line)
    if line.quantity > left:
        return RuleResult(
            "quantity_returnable", REJECT,
            f"Only {left} of {line.order_line.product.name} can still be returned "
            f"({line.order_line.quantity_delivered} delivered, "
            f"{line.order_line.quantity_delivered - left} already in a return).",
            line.order_line.pk,
        )
    return RuleResult("quantity_returnable", PASS, f"{line.quantity} of {left} returnable units.", line.order_line.pk)


def rule_final_sale(order, line, policy, now):
    product = line.order_line.product
    if product.final_sale:
        return RuleResult("final_sale", REJECT, f"{product.name} was sold as final sale.", line.order_line.pk, True)
    return RuleResult("final_sale", PASS, "Not a final-sale item.", line.order_line.pk)


def rule_return_window(order, line, policy, now):
    deadline = return_deadline(order, policy)
    if deadline is None:
        return RuleResult("return_window", PASS, "The return window starts at delivery.", line.order_line.pk)
    if now > deadline:
        return RuleResult(
            "return_window", REJECT,
            f"The {policy.window_days}-day return window closed on {deadline:%d %b %Y}.", line.order_line.pk, True,
        )
    return RuleResult("return_window", PASS, f"Within the return window (until {deadline:%d %b %Y}).",
                      line.order_line.pk)


LINE_RULES = [rule_order_delivered, rule_quantity_returnable, rule_final_sale, rule_return_window]


# --- request rules -----------------------------------------------------------------------------
def rule_value_threshold(order, lines, policies, now):
    value = sum((line.order_line.unit_price_incl_tax * line.quantity for line in lines), Decimal("0"))
    threshold = min(p.approval_value_threshold for p in policies)
    if value > threshold:
        return RuleResult("value_threshold", REVIEW,
                          f"The return is worth {value} {order.currency}, above the {threshold} {order.currency} "
                          "that can be authorized automatically.")
    return RuleResult("value_threshold", PASS, f"Value {value} {order.currency} is within the automatic limit.")


def rule_customer_blocklist(order, lines, policies, now):
    customer = order.customer
    if customer.blocked:
        return RuleResult("customer_blocklist", REVIEW,
                          f"The customer is on the review list: {customer.blocked_reason or 'no reason given'}.")
    return RuleResult("customer_blocklist", PASS, "The customer is not on the review list.")


REQUEST_RULES = [rule_value_threshold, rule_customer_blocklist]


# --- advisory review hooks ---------------------------------------------------------------------
# Apps that score returns (intelligence's abuse flags) register a hook from their AppConfig.ready();
# the lifecycle does not know them. A hook answers sentences for agents; any sentence sends the
# request to review. A hook can never reject, and an error in one never blocks a return.
_review_hooks: dict = {}


def register_review_hook(name: str, hook) -> None:
    """`hook(order, lines, now) -> list[str]`; registering the same name again replaces it."""
    _review_hooks[name] = hook


def advisory_results(order, lines, now) -> list[RuleResult]:
    import logging

    reasons = []
    for name, hook in list(_review_hooks.items()):
        try:
            reasons.extend(hook(order, lines, now) or [])
        except Exception:  # advice must never stop a customer's return
            logging.getLogger(__name__).exception("review hook %s failed", name)
    if not reasons:
        return []
    return [RuleResult("advisory_flags", REVIEW, "Flagged for a look by a person: " + " ".join(reasons))]


def evaluate(order, lines: list[RequestedLine], *, exception_requested: bool = False, now=None) -> list[RuleResult]:
    """Run every rule; with an exception request, overridable rejections become reviews."""
    now = now or timezone.now()
    results, policies = [], []
    for line in lines:
        policy = policy_for(order, line.order_line.product)
        policies.append(policy)
        results.extend(rule(order, line, policy, now) for rule in LINE_RULES)
    results.extend(rule(order, lines, policies, now) for rule in REQUEST_RULES)
    results.extend(advisory_results(order, lines, now))
    if exception_requested:
        results = [
            RuleResult(r.rule, REVIEW, r.message + " (exception requested)", r.line, r.overridable)
            if r.outcome == REJECT and r.overridable else r
            for r in results
        ]
    return results


def blocking(results) -> list[RuleResult]:
    return [r for r in results if r.outcome == REJECT]
