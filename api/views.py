"""REST API for returns. Every write goes through `returns.services`; this module only
translates HTTP to service calls and back."""
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspection.services import return_line_inspect

from returns import permissions as perm
from returns.errors import InvalidReturnRequest
from returns.models import ReturnEvent, ReturnRequest, SalesOrder
from returns.services.creation import LineInput, return_create
from returns.services.lifecycle import ACTION_SERVICES
from . import serializers as s
from .access import sees_everything
from .carrier_claims import CarrierClaimActions
from .disputes import DisputeActions
from .filters import ReturnFilter
from .pagination import ReturnCursorPagination
from .holds import HoldActions
from .photos import PhotoActions
from .receiving import ReceivingActions
from .refund import RefundActions
from .refund_proposals import DESCRIPTIONS as PROPOSAL_DESCRIPTIONS
from .refund_proposals import PROPOSAL_INPUTS
from .support import NoteActions


def _request_id(request):
    return getattr(request, "request_id", "")


# Staff (warehouse, support, finance) and customers get different bodies for the same return: the
# customer's serializers show only what the portal shows. Documented as one of the two.
RETURN_LIST = PolymorphicProxySerializer(
    component_name="ReturnListView", resource_type_field_name=None,
    serializers=[s.ReturnListSerializer, s.CustomerReturnListSerializer])
RETURN_DETAIL = PolymorphicProxySerializer(
    component_name="ReturnDetailView", resource_type_field_name=None,
    serializers=[s.ReturnDetailSerializer, s.CustomerReturnDetailSerializer])


# Sub-resources of a return come from their own modules: refund, line photos, holds, parcel receipt, notes,
# disputes.
@extend_schema_view(
    list=extend_schema(responses=RETURN_LIST,
                       description="Staff get ReturnList; a customer gets their own returns as CustomerReturnList."),
    retrieve=extend_schema(responses=RETURN_DETAIL,
                           description="Staff get ReturnDetail; the customer who made the return gets "
                                       "CustomerReturnDetail (what the portal shows). 404 for anyone else's return, "
                                       "exactly as for one that does not exist."),
)
class ReturnViewSet(RefundActions, PhotoActions, HoldActions, ReceivingActions, NoteActions, DisputeActions,
                    CarrierClaimActions, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Returns (RMAs). Customers see and act on their own; staff roles see all."""

    lookup_field = "rma_number"
    lookup_value_regex = "RMA-[0-9]{4}-[0-9]{6}"
    filterset_class = ReturnFilter
    pagination_class = ReturnCursorPagination

    queryset = ReturnRequest.objects.none()

    def get_queryset(self):
        qs = ReturnRequest.objects.select_related("order", "customer")
        if getattr(self, "swagger_fake_view", False):
            return qs.none()
        # Only reading a return needs its lines, audit trail and postings; a transition takes the row
        # alone (the service locks and reads what it needs), then answers with `_answer`.
        if self.action == "retrieve" or getattr(self, "_answering", False):
            qs = qs.prefetch_related(
                "lines__product", "lines__reason", "postings",
                Prefetch("events", queryset=ReturnEvent.objects.select_related("actor")),
            )
        user = self.request.user
        if not user.has_perm(perm.PERM_VIEW_ALL):
            # Someone else's return is "not found", like one that does not exist (RMAs cannot be probed).
            qs = qs.filter(customer__user=user)
        return qs

    def get_object(self):
        obj = super().get_object()
        if not perm.can_view_return(obj, self.request.user):
            raise Http404("No such return.")
        return obj

    def get_serializer_class(self):
        if sees_everything(self.request.user):
            return s.ReturnListSerializer if self.action == "list" else s.ReturnDetailSerializer
        return s.CustomerReturnListSerializer if self.action == "list" else s.CustomerReturnDetailSerializer

    @extend_schema(request=s.ReturnCreateSerializer, responses={201: RETURN_DETAIL},
                   parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)])
    def create(self, request):
        data = s.ReturnCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = SalesOrder.objects.select_related("customer").filter(number=data.validated_data["order"]).first()
        if order is None or not (request.user.has_perm(perm.PERM_REVIEW) or order.customer.user_id == request.user.pk):
            raise InvalidReturnRequest("No order with that number was found for you.")
        ret = return_create(
            order=order, actor=request.user, request_id=_request_id(request),
            lines=[LineInput(order_line_id=line["order_line"], quantity=line["quantity"], reason_code=line["reason"],
                             condition_note=line["condition_note"], comment=line["comment"])
                   for line in data.validated_data["lines"]],
            exception_message=data.validated_data["exception_message"],
            refund_method=data.validated_data["refund_method"],
            idempotency_key=request.headers.get("Idempotency-Key") or None,
        )
        return self._answer(request, ret, status.HTTP_201_CREATED)

    def _answer(self, request, ret, code=status.HTTP_200_OK):
        """The return after a write, `ret` as the service left it. `Prefer: return=minimal` (RFC 7240)
        answers its number and state with no further query (what a client driving the lifecycle needs);
        otherwise the detail, read once with its prefetches."""
        if "return=minimal" in request.headers.get("Prefer", ""):
            slim = {"rma_number": ret.rma_number, "state": ret.state}
            if code == status.HTTP_201_CREATED:  # the new lines' ids, which the next steps name
                slim["lines"] = [{"id": pk, "quantity_requested": quantity} for pk, quantity
                                 in ret.lines.order_by("pk").values_list("pk", "quantity_requested")]
            return Response(slim, status=code, headers={"Preference-Applied": "return=minimal"})
        self._answering = True
        return Response(self.get_serializer(self.get_queryset().get(pk=ret.pk)).data, status=code)

    def _transition(self, request, name, serializer_class):
        ret = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = dict(data.validated_data)
        if name == "receive":
            kwargs["quantities"] = {line["id"]: line["quantity_received"] for line in kwargs.pop("lines")}
        moved = ACTION_SERVICES[name](return_id=ret.pk, actor=request.user, request_id=_request_id(request),
                                      **kwargs)
        return self._answer(request, moved)

    @extend_schema(request=s.InspectLineSerializer, responses=RETURN_DETAIL)
    @action(detail=True, methods=["post"], url_path=r"lines/(?P<line_id>[0-9]+)/inspect")
    def inspect_line(self, request, rma_number=None, line_id=None):
        ret = self.get_object()
        if not ret.lines.filter(pk=line_id).exists():
            raise InvalidReturnRequest(f"Line {line_id} is not part of {ret.rma_number}.")
        data = s.InspectLineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return_line_inspect(line_id=int(line_id), actor=request.user, request_id=_request_id(request),
                            **data.validated_data)
        return self._answer(request, ret)  # a line's inspection leaves the return's state as it was


# The input each transition takes; every entry becomes POST /api/returns/<rma>/<action>/.
ACTION_INPUTS = {
    "approve": s.DecisionSerializer, "reject": s.DecisionSerializer, "cancel": s.NoteSerializer,
    "mark_shipped": s.ShipSerializer, "receive": s.ReceiveSerializer, "start_inspection": s.NoteSerializer,
    "complete_inspection": s.NoteSerializer, "request_refund_approval": s.NoteSerializer,
    "release_refund": s.NoteSerializer, "approve_refund": s.NoteSerializer, "close": s.NoteSerializer,
    "expire": s.NoteSerializer,
    **PROPOSAL_INPUTS,  # reject, send back, withdraw a refund proposal (api.refund_proposals)
}


def _make_transition_action(name, serializer_class):
    def view(self, request, rma_number=None):
        return self._transition(request, name, serializer_class)

    # DRF maps the HTTP method to the function's name, so it must be the action's name first.
    view.__name__ = name
    view = action(detail=True, methods=["post"], url_path=name.replace("_", "-"))(view)
    return extend_schema(
        request=serializer_class, responses=RETURN_DETAIL,
        summary=f"{name.replace('_', ' ').capitalize()} a return",
        description=PROPOSAL_DESCRIPTIONS.get(name, "409 when the return's state does not allow it or someone else "
                                                    "changed it first; 403 when your role may not do it."),
    )(view)


for _name, _serializer in ACTION_INPUTS.items():
    setattr(ReturnViewSet, _name, _make_transition_action(_name, _serializer))


class OrderViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Order snapshots with what is still returnable per line."""

    lookup_field = "number"
    serializer_class = s.OrderSerializer

    queryset = SalesOrder.objects.none()

    def get_queryset(self):
        qs = SalesOrder.objects.select_related("customer").prefetch_related("lines__product")
        if getattr(self, "swagger_fake_view", False):
            return qs.none()
        if not self.request.user.has_perm(perm.PERM_VIEW_ALL):
            qs = qs.filter(customer__user=self.request.user)
        return qs
