from rest_framework import serializers

from integrations.models import OdooPosting

from returns.models import ReturnEvent, ReturnLine, ReturnRequest, SalesOrder, SalesOrderLine


class ReturnLineSerializer(serializers.ModelSerializer):
    sku = serializers.CharField(source="product.sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    reason = serializers.CharField(source="reason.code", read_only=True, default=None)

    class Meta:
        model = ReturnLine
        fields = ["id", "order_line", "sku", "product_name", "quantity_requested", "quantity_received",
                  "quantity_accepted", "reason", "condition_note", "customer_comment", "grade", "disposition",
                  "hold_reason", "unexpected"]


class ReturnEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True, default=None)

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
