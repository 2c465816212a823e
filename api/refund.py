"""GET /api/returns/<rma>/refund/: the refund breakdown, as support and finance or the customer see it.

Support and finance get `refunds.services.refund_preview` (what the support console shows); the
customer who made the return gets `refund_breakdown_for_customer` (what the portal shows: amounts
and explanations, no internal ids or policy names). Before the inspection is complete there is no
refund to show yet: the answer is 200 with `available: false` and a message, never a 404, so that
a client can poll the same URL through the whole lifecycle.
"""
from django.utils.translation import gettext as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from refunds.services import PRICED_STATES, refund_breakdown_for_customer, refund_preview

from returns import permissions as perm
from .access import is_console_user, return_for
from .docs import errors

MONEY_HELP = "Amount in the order's currency, as a decimal string."


def _money(**kwargs):
    return serializers.CharField(help_text=MONEY_HELP, **kwargs)


def _texts(**kwargs):
    return serializers.ListField(child=serializers.CharField(), **kwargs)


class RefundAmountsSerializer(serializers.Serializer):
    untaxed = _money()
    tax = _money()
    total = _money()


class StaffRefundLineSerializer(serializers.Serializer):
    """A valued line has every field; a line with nothing to refund (not received, not accepted,
    not on the order) has the ids, product, `refunded: false` and its explanation."""

    return_line_id = serializers.IntegerField()
    order_line_id = serializers.IntegerField(allow_null=True)
    sku = serializers.CharField()
    product = serializers.CharField()
    quantity = serializers.IntegerField()
    total = _money()
    refunded = serializers.BooleanField()
    explanations = _texts()
    odoo_product_id = serializers.IntegerField(required=False, allow_null=True)
    odoo_sale_line_id = serializers.IntegerField(required=False, allow_null=True)
    unit_price = _money(required=False)
    tax_rate = serializers.CharField(required=False, help_text="Tax rate as a fraction, e.g. 0.21.")
    reason = serializers.CharField(required=False, allow_blank=True)
    grade = serializers.CharField(required=False, allow_blank=True)
    gross = _money(required=False)
    grade_deduction_percent = serializers.CharField(required=False)
    grade_deduction = _money(required=False)
    restocking_fee_percent = serializers.CharField(required=False)
    restocking_fee = _money(required=False)
    return_fee_share = _money(required=False)
    untaxed = _money(required=False)
    tax = _money(required=False)
    capped = serializers.BooleanField(required=False)
    fees_waived = serializers.BooleanField(required=False)


class StaffRefundExchangeSerializer(serializers.Serializer):
    """Units replaced by another variant instead of refunded; `total` is the price difference refunded."""

    exchange_id = serializers.IntegerField()
    return_line_id = serializers.IntegerField()
    order_line_id = serializers.IntegerField()
    sku = serializers.CharField()
    product = serializers.CharField()
    replacement_sku = serializers.CharField()
    replacement = serializers.CharField()
    quantity = serializers.IntegerField()
    state = serializers.CharField(help_text="requested, reserved, shipped (refund_instead and not_accepted "
                                            "exchange nothing).")
    unit_difference = serializers.CharField(help_text="Refunded per unit, incl. tax: what was paid minus the "
                                                      "replacement's price, as a decimal string.")
    untaxed = _money()
    tax = _money()
    total = _money()
    tax_rate = serializers.CharField()
    odoo_sale_line_id = serializers.IntegerField(allow_null=True)
    explanations = _texts()


class CustomerRefundExchangeSerializer(serializers.Serializer):
    product = serializers.CharField()
    replacement = serializers.CharField()
    quantity = serializers.IntegerField()
    total = serializers.CharField(help_text="The price difference refunded for a cheaper replacement (0: the same "
                                            "price), as a decimal string.")
    explanations = _texts()


class StaffRefundBreakdownSerializer(serializers.Serializer):
    rma_number = serializers.CharField()
    currency = serializers.CharField()
    method = serializers.CharField()
    lines = StaffRefundLineSerializer(many=True)
    exchanges = StaffRefundExchangeSerializer(many=True, required=False)
    shipping = RefundAmountsSerializer()
    return_fee = _money()
    untaxed = _money()
    tax = _money()
    total = _money()
    store_credit_bonus = _money()
    total_with_bonus = _money()
    explanations = _texts()
    policies = _texts(help_text="Names of the return policies the figures come from.")
    calculated_at = serializers.DateTimeField()


class CustomerRefundLineSerializer(serializers.Serializer):
    product = serializers.CharField()
    quantity = serializers.IntegerField()
    total = _money()
    refunded = serializers.BooleanField()
    explanations = _texts()
    unit_price = _money(allow_null=True)
    grade = serializers.CharField(allow_null=True, allow_blank=True)
    gross = _money(allow_null=True)
    grade_deduction = _money(allow_null=True)
    restocking_fee = _money(allow_null=True)
    return_fee_share = _money(allow_null=True)
    untaxed = _money(allow_null=True)
    tax = _money(allow_null=True)


class CustomerRefundBreakdownSerializer(serializers.Serializer):
    currency = serializers.CharField()
    method = serializers.CharField()
    is_store_credit = serializers.BooleanField()
    lines = CustomerRefundLineSerializer(many=True)
    exchanges = CustomerRefundExchangeSerializer(many=True, required=False)
    shipping = _money()
    return_fee = _money()
    tax = _money()
    total = _money()
    store_credit_bonus = _money()
    total_with_bonus = _money()
    explanations = _texts()
    final = serializers.BooleanField(help_text="True once the refund is released: the figures no longer change.")


class _RefundEnvelope(serializers.Serializer):
    audience = serializers.CharField(help_text="`staff` (support and finance) or `customer`.")
    rma_number = serializers.CharField()
    state = serializers.CharField()
    available = serializers.BooleanField(help_text="False before the inspection is complete, or while the "
                                                   "refund cannot be calculated; `message` says why.")
    message = serializers.CharField(allow_blank=True)


# Each view names its own audience, so a body matches exactly one of RefundView's alternatives (a staff
# body without amount or breakdown would otherwise also fit the customer's shape).
class StaffRefundSerializer(_RefundEnvelope):
    audience = serializers.ChoiceField(choices=["staff"])
    refund_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    breakdown = StaffRefundBreakdownSerializer(allow_null=True)


class CustomerRefundSerializer(_RefundEnvelope):
    audience = serializers.ChoiceField(choices=["customer"])
    breakdown = CustomerRefundBreakdownSerializer(allow_null=True)


REFUND_RESPONSE = PolymorphicProxySerializer(
    component_name="RefundView", resource_type_field_name="audience",
    serializers={"staff": StaffRefundSerializer, "customer": CustomerRefundSerializer},
)


def _not_yet() -> str:
    return _("The refund is calculated when the inspection is complete.")


def staff_refund(ret) -> dict:
    data = {"audience": "staff", "rma_number": ret.rma_number, "state": ret.state, "refund_amount": ret.refund_amount,
            "available": False, "message": _not_yet(), "breakdown": None}
    if ret.state in PRICED_STATES:
        preview = refund_preview(ret)
        if preview.get("error"):
            data["message"] = preview["error"]
        else:
            data.update(available=True, message="", breakdown=preview)
    return StaffRefundSerializer(data).data


def customer_refund(ret) -> dict:
    shown = refund_breakdown_for_customer(ret)
    data = {"audience": "customer", "rma_number": ret.rma_number, "state": ret.state,
            "available": bool(shown and shown.get("available")), "message": "", "breakdown": None}
    if shown is None:
        data["message"] = _not_yet()
    elif data["available"]:
        data["breakdown"] = shown
    else:
        data["message"] = shown.get("message", "")
    return CustomerRefundSerializer(data).data


class RefundActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(
        summary="The refund breakdown of a return", responses={200: REFUND_RESPONSE, **errors(403, 404)},
        description="Support and finance get the full breakdown (`audience: staff`); the customer who made "
                    "the return gets their view of it (`audience: customer`); other roles 403. Before the "
                    "inspection is complete: 200 with `available: false`.",
    )
    @action(detail=True, methods=["get"], url_path="refund")
    def refund(self, request, rma_number=None):
        ret = return_for(request, rma_number)
        if is_console_user(request.user):
            return Response(staff_refund(ret))
        if perm.customer_owner(ret, request.user):
            return Response(customer_refund(ret))
        raise PermissionDenied(_("Only support, finance and the customer who made the return can see its refund."))
