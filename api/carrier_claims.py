"""Carrier claims through the API, for support and finance only (customers and the warehouse get 403):

- GET/POST /api/returns/<rma>/carrier-claims/: a return's claims; open one (support agents).
- GET /api/carrier-claims/ (filter `state`, `overdue`, `rma`): the console's queue, oldest first.
- POST /api/carrier-claims/<id>/resolve/: the outcome (paid, denied, withdrawn) and the amount recovered.

Writes go through returns.services.carrier_claims (role, state and input checked, audited). While a
claim is open the refund steps answer 409 with the hold's reason.
"""
from decimal import Decimal

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from returns.models import CarrierClaim, CarrierClaimKind, CarrierClaimOutcome, CarrierClaimState
from returns.services.carrier_claims import carrier_claim_open, carrier_claim_resolve

from .access import CONSOLE, request_id, require_any, return_for
from .docs import errors

STAFF_ONLY = "Only support and finance can see carrier claims."


class StaffCarrierClaimSerializer(serializers.ModelSerializer):
    rma_number = serializers.CharField(source="return_request.rma_number", read_only=True)
    opened_by = serializers.CharField(source="opened_by.username", read_only=True)
    resolved_by = serializers.CharField(source="resolved_by.username", default=None, allow_null=True, read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True,
                                       help_text="Open and past its due date.")

    class Meta:
        model = CarrierClaim
        fields = ["id", "rma_number", "kind", "carrier", "claim_reference", "due_date", "overdue", "amount_claimed",
                  "currency", "note", "state", "outcome", "amount_recovered", "resolution_note", "opened_by",
                  "opened_at", "resolved_by", "resolved_at"]
        read_only_fields = fields


class CarrierClaimListSerializer(serializers.Serializer):
    carrier_claims = StaffCarrierClaimSerializer(many=True)


class CarrierClaimOpenSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CarrierClaimKind.choices)
    carrier = serializers.CharField(max_length=50)
    claim_reference = serializers.CharField(max_length=100, help_text="The carrier's reference for the claim.")
    due_date = serializers.DateField(help_text="When the carrier has to answer by.")
    amount_claimed = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CarrierClaimResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CarrierClaimOutcome.choices)
    amount_recovered = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"),
                                                required=False, allow_null=True, default=None,
                                                help_text="Required when `paid`; absent otherwise.")
    note = serializers.CharField(max_length=2000, help_text="What the carrier answered.")


class CarrierClaimActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(methods=["GET"], summary="Carrier claims of a return",
                   responses={200: CarrierClaimListSerializer, **errors(403, 404)},
                   description="Support and finance only.")
    @extend_schema(methods=["POST"], summary="Open a carrier claim (parcel damaged or lost in transit)",
                   request=CarrierClaimOpenSerializer,
                   responses={201: StaffCarrierClaimSerializer, **errors(400, 403, 404, 409)},
                   description="Support agents. 409 when a claim of this return is already open or the return has "
                               "no parcel to claim for. While it is open, no refund is proposed, approved or "
                               "released (409 on those steps).")
    @action(detail=True, methods=["get", "post"], url_path="carrier-claims")
    def carrier_claims(self, request, rma_number=None):
        require_any(request.user, CONSOLE, _(STAFF_ONLY))
        ret = return_for(request, rma_number)
        if request.method == "GET":
            claims = ret.carrier_claims.select_related("return_request", "opened_by", "resolved_by")
            return Response({"carrier_claims": StaffCarrierClaimSerializer(claims, many=True).data})
        data = CarrierClaimOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        claim = carrier_claim_open(return_id=ret.pk, actor=request.user, request_id=request_id(request),
                                   **data.validated_data)
        return Response(StaffCarrierClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class CarrierClaimFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=CarrierClaimState.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="true: open and past the due date")
    rma = django_filters.CharFilter(field_name="return_request__rma_number", lookup_expr="iexact")

    class Meta:
        model = CarrierClaim
        fields = ["state", "overdue", "rma"]

    def filter_overdue(self, queryset, name, value):
        late = {"state": CarrierClaimState.OPEN, "due_date__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class CarrierClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every carrier claim, oldest first: support and finance only."""

    serializer_class = StaffCarrierClaimSerializer
    filterset_class = CarrierClaimFilter
    queryset = CarrierClaim.objects.none()

    def get_queryset(self):
        return CarrierClaim.objects.select_related("return_request", "opened_by", "resolved_by").order_by(
            "opened_at", "id")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_any(request.user, CONSOLE, _(STAFF_ONLY))

    @extend_schema(summary="Resolve a carrier claim", request=CarrierClaimResolveSerializer,
                   responses={200: StaffCarrierClaimSerializer, **errors(400, 403, 404, 409)},
                   description="Support and finance: the outcome and, when the carrier paid, the amount recovered. "
                               "409 when already resolved. Audited as `carrier_claim_resolved`.")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        claim = self.get_object()
        data = CarrierClaimResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        resolved = carrier_claim_resolve(claim_id=claim.pk, actor=request.user, request_id=request_id(request),
                                         **data.validated_data)
        return Response(self.get_serializer(resolved).data)
