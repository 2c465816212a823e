"""Receiving through the API: a whole parcel in one call, and parcels without a return number.

POST /api/returns/<rma>/receive-parcel/ is the tablet's receipt (inspection.receiving.receive_parcel):
counts per line, the tote or bin, unexpected products by SKU or barcode, a note; the answer lists
the discrepancies raised for support. /api/parcels/ parks and lists unidentified parcels
(`unidentified_parcel_record`); support resolves them through inspection.resolutions.parcel_resolve.
"""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from returnflow.parsers import SafeJSONParser

from inspection.photo_limits import photo_uploads
from inspection.models import ParcelStatus, ReceivingDiscrepancy, UnidentifiedParcel
from inspection.receiving import (UnexpectedItem, find_product, parcels_with_tracking, receive_parcel,
                                  unidentified_parcel_record)
from inspection.resolutions import parcel_resolve, return_for_parcel

from returns.errors import InvalidReturnRequest, ReturnsError
from .access import CONSOLE, RECEIVING, STAFF, detail_queryset, request_id, require_any, return_for
from .docs import UploadField, errors
from .photos import PhotoSerializer
from .serializers import ReturnDetailSerializer


class ParcelMatchesReturn(ReturnsError):
    code = "parcel_matches_return"
    status = 409


class DiscrepancySerializer(serializers.ModelSerializer):
    rma_number = serializers.CharField(source="return_request.rma_number", default=None, allow_null=True,
                                       read_only=True)
    sku = serializers.CharField(source="product.sku", default=None, allow_null=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True, read_only=True)
    resolved_by = serializers.CharField(source="resolved_by.username", default=None, allow_null=True, read_only=True)
    resolved = serializers.SerializerMethodField()

    class Meta:
        model = ReceivingDiscrepancy
        fields = ["id", "kind", "rma_number", "line", "parcel", "sku", "expected_quantity", "received_quantity",
                  "note", "created_by", "created_at", "resolved", "resolved_at", "resolved_by", "resolution_note"]

    def get_resolved(self, obj) -> bool:
        return obj.resolved_at is not None


class ReceiveCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Return line id.")
    quantity_received = serializers.IntegerField(min_value=0, max_value=999)


class UnexpectedItemSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=100, help_text="The product's barcode or SKU.")
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReceiveParcelSerializer(serializers.Serializer):
    lines = ReceiveCountSerializer(many=True, required=False, default=list,
                                   help_text="Units counted per line; a line left out counts 0.")
    location_code = serializers.CharField(max_length=50, help_text="The tote or bin the units go into.")
    unexpected = UnexpectedItemSerializer(many=True, required=False, default=list,
                                          help_text="Products in the parcel that are not on the return.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReceiptSerializer(serializers.Serializer):
    return_request = ReturnDetailSerializer(source="ret")
    discrepancies = DiscrepancySerializer(many=True)


def _unexpected_items(items) -> list[UnexpectedItem]:
    found = []
    for item in items:
        product = find_product(item["code"])
        if product is None:
            raise InvalidReturnRequest(_("No product has the barcode or SKU “%(code)s”. Check the code or type the "
                                         "SKU.") % {"code": item["code"]}, details={"code": item["code"]})
        found.append(UnexpectedItem(product.pk, item["quantity"], item["note"]))
    return found


class ReceivingActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(
        summary="Receive a parcel (counts, tote, unexpected items)", request=ReceiveParcelSerializer,
        responses={200: ReceiptSerializer, **errors(400, 403, 404, 409)},
        description="Warehouse staff. One transaction: the receipt, unexpected products as new lines, the "
                    "discrepancies for support (short, over, unexpected) and the chain of custody into the tote. "
                    "A line books at most the units the customer returned: units beyond that are an 'over' "
                    "discrepancy, never booked, accepted or posted to Odoo without support's decision. "
                    "`location_code` must be a tote or bin label (RETURNFLOW_TOTE_PATTERN), never a product's SKU "
                    "or barcode (400 location_is_product / unknown_location). "
                    "409 when the return is not authorized or in transit.",
    )
    @action(detail=True, methods=["post"], url_path="receive-parcel")
    def receive_parcel(self, request, rma_number=None):
        require_any(request.user, RECEIVING, _("Only warehouse staff can receive parcels."))
        ret = return_for(request, rma_number)
        data = ReceiveParcelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        ret, found = receive_parcel(
            return_id=ret.pk, actor=request.user, location_code=body["location_code"], note=body["note"],
            quantities={line["id"]: line["quantity_received"] for line in body["lines"]},
            unexpected=_unexpected_items(body["unexpected"]), request_id=request_id(request))
        fresh = detail_queryset().get(pk=ret.pk)
        return Response(ReceiptSerializer({"ret": fresh, "discrepancies": found}, context={"request": request}).data)


# ------------------------------------------------------------------ unidentified parcels

class ParcelSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True, read_only=True)
    resolved_by = serializers.CharField(source="resolved_by.username", default=None, allow_null=True, read_only=True)
    matched_return = serializers.CharField(source="matched_return.rma_number", default=None, allow_null=True,
                                           read_only=True)
    photos = PhotoSerializer(many=True, read_only=True)
    discrepancies = DiscrepancySerializer(many=True, read_only=True)

    class Meta:
        model = UnidentifiedParcel
        fields = ["id", "status", "carrier", "tracking_number", "location_code", "note", "created_by", "created_at",
                  "matched_return", "resolved_by", "resolved_at", "resolution_note", "photos", "discrepancies"]


class ParcelCreateSerializer(serializers.Serializer):
    carrier = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    location_code = serializers.CharField(max_length=50, help_text="The bin the parcel is parked in.")
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    photos = serializers.ListField(child=UploadField(), required=False,
                                   help_text="Photos of the parcel and its label (field repeated).")
    park_anyway = serializers.BooleanField(
        required=False, default=False,
        help_text="The tracking number belongs to a return waiting for receipt (409), but the parcel is none of "
                  "them: park it anyway.")


class ParcelResolveSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[("match", "It belongs to a return"), ("close", "Close it")])
    rma_number = serializers.CharField(max_length=32, required=False, allow_blank=True, default="",
                                       help_text="Required to match.")
    note = serializers.CharField(max_length=2000)

    def validate(self, attrs):
        attrs["return_request"] = None
        if attrs["outcome"] == "match":
            try:
                attrs["return_request"] = return_for_parcel(attrs.get("rma_number", ""))
            except InvalidReturnRequest as exc:
                raise serializers.ValidationError({"rma_number": exc.message}) from None
        return attrs


class ParcelFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ParcelStatus.choices)
    tracking_number = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = UnidentifiedParcel
        fields = ["status", "tracking_number"]


class ParcelViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Parcels that arrived without a usable return number. Warehouse, support and finance read them;
    the warehouse parks them; support and finance resolve them."""

    serializer_class = ParcelSerializer
    filterset_class = ParcelFilter
    parser_classes = [MultiPartParser, FormParser, SafeJSONParser]
    queryset = UnidentifiedParcel.objects.none()

    def get_queryset(self):
        return (UnidentifiedParcel.objects.select_related("created_by", "resolved_by", "matched_return")
                .prefetch_related("photos", "discrepancies__product", "discrepancies__created_by")
                .order_by("-created_at", "-id"))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_any(request.user, STAFF, _("Only warehouse, support and finance staff can see parcels."))

    @extend_schema(summary="Park a parcel without a return number",
                   request={"multipart/form-data": ParcelCreateSerializer},
                   responses={201: ParcelSerializer, **errors(400, 403, 409)},
                   description="Warehouse staff. Needs a tracking number or at least one photo. Every photo is "
                               "validated before anything is stored; a bad one stores nothing (400).")
    def create(self, request):
        require_any(request.user, RECEIVING, _("Only warehouse staff can receive parcels."))
        data = ParcelCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        matches = list(parcels_with_tracking(body["tracking_number"]).values_list("rma_number", flat=True))
        if matches and not body["park_anyway"]:
            raise ParcelMatchesReturn(
                _("Tracking number %(tracking)s belongs to %(rmas)s: receive the parcel there, or park it anyway if "
                  "it is none of these.") % {"tracking": body["tracking_number"], "rmas": ", ".join(matches)},
                details={"returns": matches})
        parcel = unidentified_parcel_record(
            actor=request.user, carrier=body["carrier"], tracking_number=body["tracking_number"], note=body["note"],
            location_code=body["location_code"], photos=photo_uploads(request))
        return Response(self.get_serializer(self.get_queryset().get(pk=parcel.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Resolve a parcel: match it to a return or close it", request=ParcelResolveSerializer,
                   responses={200: ParcelSerializer, **errors(400, 403, 404, 409)},
                   description="Support and finance (inspection.resolutions.parcel_resolve). 409 when already "
                               "resolved.")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        require_any(request.user, CONSOLE, _("Only support and finance can resolve unidentified parcels."))
        parcel = self.get_object()
        data = ParcelResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parcel_resolve(parcel_id=parcel.pk, actor=request.user, outcome=data.validated_data["outcome"],
                       note=data.validated_data["note"], return_request=data.validated_data["return_request"],
                       request_id=request_id(request))
        return Response(self.get_serializer(self.get_queryset().get(pk=parcel.pk)).data)

