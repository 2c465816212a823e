from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integrations.models import OdooPosting
from refunds.services import refund_preview

from returns.choices import ReturnStatus
from returns.models import DisputeKind, ReturnEvent, ReturnLine, ReturnRequest, SalesOrder, SalesOrderLine
from returns.services.disputes import PRICED_STATES, missing_units
from .refund import CustomerRefundSerializer, customer_refund


class ReturnLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    reason = serializers.CharField(source="reason.code", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ReturnLine
        fields = ["id", "order_line", "sku", "product_name", "quantity_requested", "quantity_received",
                  "quantity_accepted", "reason", "condition_note", "customer_comment", "grade", "disposition",
                  "hold_reason", "unexpected"]


class ReturnEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ReturnEvent
        fields = ["id", "created_at", "actor", "action", "from_state", "to_state", "reason", "note", "request_id",
                  "data"]


class PostingSerializer(serializers.ModelSerializer):
    class Meta:
        model = OdooPosting
        fields = ["id", "kind", "reference", "state", "attempts", "odoo_model", "odoo_id", "odoo_name",
                  "last_error", "created_at", "sent_at"]


class ReturnListSerializer(serializers.ModelSerializer):
    order = serializers.CharField(source="order.number", read_only=True)
    customer = serializers.CharField(source="customer.email", read_only=True)

    class Meta:
        model = ReturnRequest
        fields = ["id", "rma_number", "state", "order", "customer", "channel", "created_at", "updated_at",
                  "refund_amount"]


# Audit actions of the support console that customers do not see (support.services).
STAFF_ONLY_ACTIONS = {"note", "posting_retry", "evidence_pack"}


class ReturnDetailSerializer(ReturnListSerializer):
    lines = ReturnLineSerializer(many=True, read_only=True)
    events = ReturnEventSerializer(many=True, read_only=True)
    postings = PostingSerializer(many=True, read_only=True)
    available_actions = serializers.SerializerMethodField()

    class Meta(ReturnListSerializer.Meta):
        fields = ReturnListSerializer.Meta.fields + [
            "policy_results", "exception_message", "refund_method", "carrier", "tracking_number",
            "authorized_at", "received_at", "inspected_at", "refunded_at", "closed_at",
            "lines", "events", "postings", "available_actions",
        ]

    def get_available_actions(self, obj) -> list[str]:
        from returns.services.transitions import allowed_actions

        return allowed_actions(obj, self.context["request"].user)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        from returns.permissions import PERM_VIEW_ALL

        if not self.context["request"].user.has_perm(PERM_VIEW_ALL):
            # Notes between agents (support console) are for staff only, never for the customer.
            data["events"] = [event for event in data["events"] if event["action"] not in STAFF_ONLY_ACTIONS]
        return data


class ReturnLineInputSerializer(serializers.Serializer):
    order_line = serializers.IntegerField()
    quantity = serializers.IntegerField(min_value=1, max_value=10000)
    reason = serializers.SlugField()
    condition_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReturnCreateSerializer(serializers.Serializer):
    order = serializers.CharField(max_length=64, help_text="The order number, e.g. S00025.")
    lines = ReturnLineInputSerializer(many=True, allow_empty=False)
    exception_message = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    refund_method = serializers.CharField(required=False, default="original_payment")


class NoteSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class DecisionSerializer(NoteSerializer):
    """Approvals and rejections always carry a reason code."""

    reason = serializers.CharField(max_length=100)


class ShipSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=100)


class ReceiveLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    quantity_received = serializers.IntegerField(min_value=0, max_value=10000)


class ReceiveSerializer(serializers.Serializer):
    lines = ReceiveLineSerializer(many=True, allow_empty=False)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class InspectLineSerializer(serializers.Serializer):
    grade = serializers.CharField(max_length=1)
    disposition = serializers.CharField(max_length=20)
    quantity_accepted = serializers.IntegerField(min_value=0)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class OrderLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    final_sale = serializers.BooleanField(source="product.final_sale", read_only=True)
    returnable_quantity = serializers.SerializerMethodField()

    class Meta:
        model = SalesOrderLine
        fields = ["id", "sku", "product_name", "final_sale", "quantity_ordered", "quantity_delivered",
                  "quantity_invoiced", "unit_price", "tax_rate", "returnable_quantity"]

    def get_returnable_quantity(self, obj) -> int:
        from returns.policy import returnable_quantity

        return returnable_quantity(obj)


class OrderSerializer(serializers.ModelSerializer):
    lines = OrderLineSerializer(many=True, read_only=True)
    customer = serializers.CharField(source="customer.email", read_only=True)

    class Meta:
        model = SalesOrder
        fields = ["id", "number", "customer", "channel", "currency", "ordered_at", "delivered_at",
                  "shipping_amount", "invoice_number", "lines"]


# ------------------------------------------------------------------ the customer's own view
# A customer reading their return gets what the portal shows them, nothing staff-internal: no
# policy results (the review list's reasons), no Odoo postings, no staff usernames or notes, no
# reason codes of decisions. These serializers list what they show; nothing comes from a model's
# field list, so a new model field never leaks by default.

# Steps of the audit trail the customer's timeline shows (portal.timeline shows the same ones).
# Once the refund is released its refunded quantities no longer change.
FINAL_REFUND_STATES = (ReturnStatus.REFUND_APPROVED, ReturnStatus.REFUNDED, ReturnStatus.CLOSED)
PUBLIC_ACTIONS = ("create", "auto_review", "approve", "reject", "cancel", "expire", "mark_shipped", "receive",
                  "complete_inspection", "mark_refunded", "close", "dispute_opened", "dispute_resolved")


class CustomerReturnLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id of the line, for its photos.")
    sku = serializers.CharField(source="product.sku")
    product_name = serializers.CharField(source="product.name")
    reason = serializers.CharField(source="reason.label", default=None, allow_null=True)
    quantity_requested = serializers.IntegerField()
    quantity_received = serializers.SerializerMethodField(help_text="Null until the parcel is received.")
    quantity_missing = serializers.SerializerMethodField(
        help_text="Units requested but not found in the parcel; 0 before the parcel is received.")
    quantity_accepted = serializers.SerializerMethodField(help_text="Null until the inspection is complete.")
    quantity_refunded = serializers.SerializerMethodField(help_text="Null until the refund is released.")
    unexpected = serializers.BooleanField(help_text="Found in the parcel but not part of the return.")

    def get_quantity_received(self, line) -> int | None:
        return line.quantity_received if line.request.received_at is not None else None

    def get_quantity_missing(self, line) -> int:
        return missing_units(line)

    def get_quantity_accepted(self, line) -> int | None:
        return line.quantity_accepted if line.request.state in PRICED_STATES else None

    def get_quantity_refunded(self, line) -> int | None:
        refunded = self.context.get("refunded_quantities")
        return None if refunded is None else refunded.get(line.pk, 0)


class CustomerTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(source="created_at")
    action = serializers.CharField()
    state = serializers.CharField(source="to_state", help_text="The return's state after this step.")


class CustomerDisputeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text="short_receipt, deduction or other.")
    line = serializers.IntegerField(source="line_id", allow_null=True)
    message = serializers.CharField(help_text="The customer's own words.")
    state = serializers.CharField(help_text="open or resolved.")
    opened_at = serializers.DateTimeField()
    resolution_note = serializers.CharField(help_text="Support's answer, once resolved.")
    resolved_at = serializers.DateTimeField(allow_null=True)


class StaffDisputeSerializer(CustomerDisputeSerializer):
    opened_by = serializers.CharField(source="opened_by.username", default=None, allow_null=True)
    resolved_by = serializers.CharField(source="resolved_by.username", default=None, allow_null=True)


class CustomerReturnListSerializer(serializers.Serializer):
    rma_number = serializers.CharField()
    state = serializers.CharField()
    order = serializers.CharField(source="order.number")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CustomerReturnDetailSerializer(CustomerReturnListSerializer):
    refund_method = serializers.CharField()
    exception_message = serializers.CharField(help_text="The customer's own request for an exception.")
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    lines = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    refund = serializers.SerializerMethodField(help_text="The refund as the portal shows it (GET …/refund/).")
    disputes = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    @extend_schema_field(CustomerReturnLineSerializer(many=True))
    def get_lines(self, obj):
        refunded = None
        if obj.state in FINAL_REFUND_STATES:
            refunded = {line["return_line_id"]: (line.get("quantity") or 0) if line.get("refunded") else 0
                        for line in refund_preview(obj).get("lines", []) if "return_line_id" in line}
        lines = obj.lines.select_related("product", "reason", "request").order_by("id")
        return CustomerReturnLineSerializer(lines, many=True, context={"refunded_quantities": refunded}).data

    @extend_schema_field(CustomerTimelineEntrySerializer(many=True))
    def get_timeline(self, obj):
        events = [event for event in obj.events.all() if event.action in PUBLIC_ACTIONS]
        return CustomerTimelineEntrySerializer(events, many=True).data

    @extend_schema_field(CustomerRefundSerializer)
    def get_refund(self, obj):
        return customer_refund(obj)

    @extend_schema_field(CustomerDisputeSerializer(many=True))
    def get_disputes(self, obj):
        return CustomerDisputeSerializer(obj.disputes.order_by("opened_at", "id"), many=True).data

    def get_available_actions(self, obj) -> list[str]:
        from returns.services.transitions import allowed_actions

        return allowed_actions(obj, self.context["request"].user)


class DisputeCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DisputeKind.choices,
                                   help_text="short_receipt: an item you sent was not found; deduction: you "
                                             "disagree with a deduction from the refund; other.")
    message = serializers.CharField(max_length=2000, help_text="What you disagree with, in your own words.")
    line = serializers.IntegerField(required=False, allow_null=True, default=None,
                                    help_text="Id of the line you mean (optional).")
