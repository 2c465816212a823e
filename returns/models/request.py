"""The return request and its lines: the one place where the lifecycle is defined.

Transition bodies only change fields in memory; conditions are side-effect-free predicates;
permissions come from `returns.permissions`. Saving, auditing and outbox rows are the job of
`returns.services.transitions`, which every caller (views, API, admin, tasks) goes through.
"""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from .. import permissions as perm
from ..choices import Channel, ConditionGrade, Disposition, RefundMethod, ReturnStatus

S = ReturnStatus


# Guards. Each takes the return and answers from its own (already locked) state.
def has_received_units(ret) -> bool:
    return any(line.quantity_received > 0 for line in ret.lines.all())


def every_received_line_disposed(ret) -> bool:
    received = [line for line in ret.lines.all() if line.quantity_received > 0]
    return bool(received) and all(line.disposition and not line.hold_reason for line in received)


def refund_within_single_approval(ret) -> bool:
    return ret.refund_amount is not None and ret.refund_amount <= settings.RETURNFLOW["TWO_PERSON_REFUND_THRESHOLD"]


def refund_amount_computed(ret) -> bool:
    return ret.refund_amount is not None


def no_open_dispute_or_carrier_claim(ret) -> bool:
    """A return on hold (a customer dispute or a carrier claim still open) gets no refund decision."""
    return not (ret.disputes.filter(state="open").exists() or ret.carrier_claims.filter(state="open").exists())


def refund_key(ret) -> tuple:
    """What finance decides on when rejecting a proposal: the amount (to the cent) and the method."""
    amount = None if ret.refund_amount is None else str(Decimal(ret.refund_amount).quantize(Decimal("0.01")))
    return amount, ret.refund_method


def not_a_refund_finance_rejected(ret) -> bool:
    """A refund finance rejected is not proposed or released again as it was: the agent changes the
    method or the figures first (a rejection is not overturned by asking again)."""
    from .audit import ReturnEvent

    rejected = ReturnEvent.objects.filter(return_request=ret, action="reject_refund_proposal").values_list(
        "data", flat=True)
    return all((data.get("amount"), data.get("method")) != refund_key(ret) for data in rejected)


GUARD_MESSAGES = {
    no_open_dispute_or_carrier_claim: "A customer dispute or a carrier claim of this return is still open: no "
                                      "refund is proposed, approved or released until it is resolved.",
    not_a_refund_finance_rejected: "Finance rejected this refund as it stands (same amount and refund method): "
                                   "change the refund method or the figures before proposing it again.",
    has_received_units: "No unit has been recorded as received yet.",
    every_received_line_disposed: "Every received line needs a final disposition, with no hold open.",
    refund_within_single_approval: "The refund is above the two-person limit: request approval from finance.",
    refund_amount_computed: "The refund has not been calculated yet.",
}


class ReturnRequest(ConcurrentTransitionMixin, models.Model):
    rma_number = models.CharField(max_length=32, unique=True, editable=False)
    customer = models.ForeignKey("returns.Customer", on_delete=models.PROTECT, related_name="returns")
    order = models.ForeignKey("returns.SalesOrder", on_delete=models.PROTECT, related_name="returns")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.WEB)
    # Where the parcel is received, chosen at creation (returns.warehouses.choose_warehouse); null only
    # for a return made before any warehouse existed.
    warehouse = models.ForeignKey("returns.Warehouse", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="returns")
    state = FSMField(default=S.REQUESTED, choices=S.choices, protected=True, db_index=True)
    # Rule-by-rule outcome of the policy check, shown to agents: [{rule, outcome, message}].
    policy_results = models.JSONField(default=list, blank=True)
    # The customer's own words when asking for an exception to the policy.
    exception_message = models.TextField(blank=True)
    refund_method = models.CharField(max_length=20, choices=RefundMethod.choices, default=RefundMethod.ORIGINAL_PAYMENT)
    carrier = models.CharField(max_length=50, blank=True)
    tracking_number = models.CharField(max_length=100, blank=True)
    # Set by the refunds service from the accepted quantities; the release guards read it.
    refund_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    refund_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A client-chosen key that makes a repeated submission return the first return.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    authorized_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    inspected_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("act_as_customer", "Can request and manage own returns"),
            ("review_return", "Can approve or reject return requests and exceptions"),
            ("receive_return", "Can receive returned parcels"),
            ("inspect_return", "Can inspect returns and set dispositions"),
            ("release_refund", "Can release refunds"),
            ("approve_refund", "Can approve refunds above the two-person limit"),
            ("run_system_transitions", "Can run automatic transitions"),
            ("view_all_returns", "Can see every customer's returns"),
        ]

    def __str__(self):
        return self.rma_number

    # --- request and authorization -------------------------------------------------------
    @transition(field=state, source=S.REQUESTED, target=RETURN_VALUE(S.AUTHORIZED, S.PENDING_APPROVAL, S.REJECTED),
                permission=perm.system)
    def auto_review(self):
        outcomes = {result["outcome"] for result in self.policy_results}
        if "reject" in outcomes:
            return S.REJECTED
        if "review" in outcomes:
            return S.PENDING_APPROVAL
        self.authorized_at = timezone.now()
        return S.AUTHORIZED

    @transition(field=state, source=S.PENDING_APPROVAL, target=S.AUTHORIZED, permission=perm.reviewer)
    def approve(self):
        self.authorized_at = timezone.now()

    @transition(field=state, source=S.PENDING_APPROVAL, target=S.REJECTED, permission=perm.reviewer)
    def reject(self):
        pass

    @transition(field=state, source=[S.REQUESTED, S.PENDING_APPROVAL, S.AUTHORIZED, S.IN_TRANSIT],
                target=S.CANCELLED, permission=perm.customer_owner_or_reviewer)
    def cancel(self):
        pass

    @transition(field=state, source=S.AUTHORIZED, target=S.EXPIRED, permission=perm.system)
    def expire(self):
        pass

    # --- transport and receipt -----------------------------------------------------------
    @transition(field=state, source=S.AUTHORIZED, target=S.IN_TRANSIT,
                permission=perm.customer_owner_reviewer_or_system)
    def mark_shipped(self):
        pass

    @transition(field=state, source=[S.AUTHORIZED, S.IN_TRANSIT], target=S.RECEIVED,
                conditions=[has_received_units], permission=perm.receiver)
    def receive(self):
        self.received_at = timezone.now()

    # --- inspection ----------------------------------------------------------------------
    @transition(field=state, source=S.RECEIVED, target=S.INSPECTING, permission=perm.inspector)
    def start_inspection(self):
        pass

    @transition(field=state, source=S.INSPECTING, target=S.INSPECTED,
                conditions=[every_received_line_disposed], permission=perm.inspector)
    def complete_inspection(self):
        self.inspected_at = timezone.now()

    # --- refund --------------------------------------------------------------------------
    @transition(field=state, source=S.INSPECTED, target=S.REFUND_PENDING_APPROVAL,
                conditions=[every_received_line_disposed, refund_amount_computed, no_open_dispute_or_carrier_claim,
                            not_a_refund_finance_rejected], permission=perm.refund_releaser)
    def request_refund_approval(self):
        pass

    @transition(field=state, source=S.INSPECTED, target=S.REFUND_APPROVED,
                conditions=[every_received_line_disposed, refund_within_single_approval,
                            no_open_dispute_or_carrier_claim, not_a_refund_finance_rejected],
                permission=perm.refund_releaser)
    def release_refund(self):
        pass

    @transition(field=state, source=S.REFUND_PENDING_APPROVAL, target=S.REFUND_APPROVED,
                conditions=[refund_amount_computed, no_open_dispute_or_carrier_claim],
                permission=perm.second_refund_approver)
    def approve_refund(self):
        pass

    # A proposal goes back to the agent in one of three ways; the return is inspected again, with no
    # proposer, and the audit record says which way, by whom and why (support shows it).
    @transition(field=state, source=S.REFUND_PENDING_APPROVAL, target=S.INSPECTED,
                permission=perm.refund_proposal_reviewer)
    def reject_refund_proposal(self):
        """Finance refuses the refund as proposed; the same amount and method cannot be proposed again."""
        self.refund_proposed_by = None

    @transition(field=state, source=S.REFUND_PENDING_APPROVAL, target=S.INSPECTED,
                permission=perm.refund_proposal_reviewer)
    def send_back_refund_proposal(self):
        """Finance asks the agent to look again (the note says what); it may be proposed again as it is."""
        self.refund_proposed_by = None

    @transition(field=state, source=S.REFUND_PENDING_APPROVAL, target=S.INSPECTED, permission=perm.refund_proposer)
    def withdraw_refund_proposal(self):
        self.refund_proposed_by = None

    @transition(field=state, source=S.REFUND_APPROVED, target=S.REFUNDED, permission=perm.system)
    def mark_refunded(self):
        self.refunded_at = timezone.now()

    @transition(field=state, source=S.REFUNDED, target=S.CLOSED, permission=perm.system_or_reviewer)
    def close(self):
        self.closed_at = timezone.now()

    # --- reading ---------------------------------------------------------------------------
    @property
    def is_exception(self) -> bool:
        return any(result["outcome"] != "pass" for result in self.policy_results)

    @property
    def requested_value(self) -> Decimal:
        return sum((line.requested_value for line in self.lines.all()), Decimal("0"))


class ReturnLine(models.Model):
    request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="lines")
    # Null only for an unexpected product found in the parcel at receipt.
    order_line = models.ForeignKey("returns.SalesOrderLine", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="return_lines")
    product = models.ForeignKey("returns.Product", on_delete=models.PROTECT, related_name="+")
    quantity_requested = models.PositiveIntegerField()
    quantity_received = models.PositiveIntegerField(default=0)
    quantity_accepted = models.PositiveIntegerField(default=0)
    reason = models.ForeignKey("returns.ReasonCode", null=True, blank=True, on_delete=models.PROTECT)
    condition_note = models.CharField(max_length=500, blank=True)
    customer_comment = models.TextField(blank=True)
    grade = models.CharField(max_length=1, choices=ConditionGrade.choices, blank=True)
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    # A line waiting for support (serial mismatch, high value, override) blocks completion.
    hold_reason = models.CharField(max_length=200, blank=True)
    unexpected = models.BooleanField(default=False, help_text="Found in the parcel but not requested.")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.request.rma_number} / {self.product.sku}"

    @property
    def requested_value(self) -> Decimal:
        if self.order_line is None:
            return Decimal("0")
        return self.order_line.unit_price_incl_tax * self.quantity_requested
