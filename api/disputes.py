"""GET/POST /api/returns/<rma>/disputes/: a customer disagreeing with a short receipt or a deduction.

POST opens a dispute through returns.services.disputes.dispute_open, the service the portal's status
page uses (same checks, same audit record, one open dispute per return and kind: 409 otherwise).
GET lists the return's disputes: the customer sees theirs with support's answers; staff also see
who opened and resolved each. Someone else's return is 404, like one that does not exist.
"""
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from returns.services.disputes import dispute_open

from .access import request_id, return_for, sees_everything
from .docs import errors
from .serializers import CustomerDisputeSerializer, DisputeCreateSerializer, StaffDisputeSerializer


class CustomerDisputeListSerializer(serializers.Serializer):
    disputes = CustomerDisputeSerializer(many=True)


class StaffDisputeListSerializer(serializers.Serializer):
    disputes = StaffDisputeSerializer(many=True)


DISPUTE = PolymorphicProxySerializer(component_name="DisputeView", resource_type_field_name=None,
                                     serializers=[StaffDisputeSerializer, CustomerDisputeSerializer])
DISPUTE_LIST = PolymorphicProxySerializer(component_name="DisputeListView", resource_type_field_name=None,
                                          serializers=[StaffDisputeListSerializer, CustomerDisputeListSerializer])


def _dispute_serializer(user):
    return StaffDisputeSerializer if sees_everything(user) else CustomerDisputeSerializer


class DisputeActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(methods=["GET"], summary="Disputes of a return", responses={200: DISPUTE_LIST, **errors(404)},
                   description="The customer who made the return, and staff (who also see who opened and "
                               "resolved each dispute).")
    @extend_schema(
        methods=["POST"], summary="Dispute a short receipt or a deduction", request=DisputeCreateSerializer,
        responses={201: DISPUTE, **errors(400, 403, 404, 409)},
        description="The customer who made the return (or a support agent on their behalf). `short_receipt` once "
                    "the parcel was received with fewer units than requested; `deduction` once the refund is "
                    "calculated; `other` once the parcel was received. 409 when that is not the case yet, or when "
                    "a dispute of the same kind is already open. It lands in the support console's Disputes queue.",
    )
    @action(detail=True, methods=["get", "post"], url_path="disputes")
    def disputes(self, request, rma_number=None):
        ret = return_for(request, rma_number)
        shown = _dispute_serializer(request.user)
        if request.method == "GET":
            items = ret.disputes.select_related("opened_by", "resolved_by").order_by("opened_at", "id")
            return Response({"disputes": shown(items, many=True).data})
        data = DisputeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        dispute = dispute_open(return_id=ret.pk, actor=request.user, kind=data.validated_data["kind"],
                               message=data.validated_data["message"], line_id=data.validated_data["line"],
                               request_id=request_id(request))
        return Response(shown(dispute).data, status=status.HTTP_201_CREATED)
