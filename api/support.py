"""Support work through the API: receipt mismatches, failed Odoo postings, and agents' notes.

Each write goes through the owning service, which checks the role again and writes the same audit
rows as the console (a posting retry is audited as `posting_retry`, a note as `note`).
"""
import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from inspection.models import DiscrepancyKind, ReceivingDiscrepancy
from integrations.models import OdooPosting, PostingKind, PostingState
from inspection.resolutions import discrepancy_resolve
from integrations.operator import posting_retry
from returns.services.notes import note_add

from returns import permissions as perm
from returns.errors import IllegalTransition
from returns.models import ReturnEvent
from .access import CONSOLE, STAFF, request_id, require_any, return_for
from .docs import errors
from .receiving import DiscrepancySerializer


class DiscrepancyFilter(django_filters.FilterSet):
    resolved = django_filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull", exclude=True,
                                            label="true: resolved ones; false: open ones")
    kind = django_filters.MultipleChoiceFilter(choices=DiscrepancyKind.choices)
    rma = django_filters.CharFilter(field_name="return_request__rma_number", lookup_expr="iexact")

    class Meta:
        model = ReceivingDiscrepancy
        fields = ["resolved", "kind", "rma", "parcel"]


class ResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="How the mismatch was resolved.")


class DiscrepancyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What arrived differently from what was expected: short, over, unexpected products, parcels
    without a return number. Staff read them; support and finance resolve them."""

    serializer_class = DiscrepancySerializer
    filterset_class = DiscrepancyFilter
    queryset = ReceivingDiscrepancy.objects.none()

    def get_queryset(self):
        return (ReceivingDiscrepancy.objects
                .select_related("return_request", "product", "created_by", "resolved_by")
                .order_by("created_at", "id"))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_any(request.user, STAFF, _("Only warehouse, support and finance staff can see receipt mismatches."))

    @extend_schema(summary="Resolve a receipt mismatch", request=ResolveSerializer,
                   responses={200: DiscrepancySerializer, **errors(400, 403, 404, 409)},
                   description="Support and finance (inspection.resolutions.discrepancy_resolve). 409 when already "
                               "resolved.")
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        require_any(request.user, CONSOLE, _("Only support and finance can resolve receipt mismatches."))
        item = self.get_object()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        discrepancy_resolve(discrepancy_id=item.pk, actor=request.user, note=data.validated_data["note"],
                            request_id=request_id(request))
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class OdooPostingSerializer(serializers.ModelSerializer):
    rma_number = serializers.CharField(source="request.rma_number", read_only=True)

    class Meta:
        model = OdooPosting
        fields = ["id", "rma_number", "line", "kind", "reference", "order_number", "state", "attempts",
                  "next_attempt_at", "last_error", "odoo_model", "odoo_id", "odoo_name", "payload", "created_at",
                  "updated_at", "sent_at"]


class PostingFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=PostingState.choices)
    kind = django_filters.MultipleChoiceFilter(choices=PostingKind.choices)
    rma = django_filters.CharFilter(field_name="request__rma_number", lookup_expr="iexact")
    order_number = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = OdooPosting
        fields = ["state", "kind", "rma", "order_number"]


class PostingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The Odoo outbox (what the outbox page shows): support and finance only."""

    serializer_class = OdooPostingSerializer
    filterset_class = PostingFilter
    queryset = OdooPosting.objects.none()

    def get_queryset(self):
        return OdooPosting.objects.select_related("request").order_by("-created_at", "-id")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        require_any(request.user, CONSOLE, _("Only support and finance can see the Odoo postings."))

    @extend_schema(summary="Send a failed Odoo posting again", request=None,
                   responses={202: OdooPostingSerializer, **errors(403, 404, 409)},
                   description="After fixing its cause. Audited on the return as `posting_retry` "
                               "(integrations.operator.posting_retry). 409 when the posting is not failed.")
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        posting = self.get_object()
        if not posting_retry(posting_id=posting.pk, actor=request.user, request_id=request_id(request)):
            posting.refresh_from_db()
            raise IllegalTransition(_("%(ref)s is not failed any more (%(state)s); nothing to retry.") % {
                "ref": posting.reference, "state": posting.get_state_display().lower()})
        posting.refresh_from_db()
        return Response(self.get_serializer(posting).data, status=status.HTTP_202_ACCEPTED)


# ------------------------------------------------------------------ notes

class AgentNoteSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="actor.username", default=None, read_only=True)
    text = serializers.CharField(source="note", read_only=True)

    class Meta:
        model = ReturnEvent
        fields = ["id", "created_at", "author", "text"]


class AgentNoteListSerializer(serializers.Serializer):
    notes = AgentNoteSerializer(many=True)


class AgentNoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, help_text="Shown to other agents, never to the customer.")


class NoteActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(methods=["GET"], summary="Agents' notes on a return",
                   responses={200: AgentNoteListSerializer, **errors(403, 404)},
                   description="Staff roles only; a customer gets 403 and never sees notes.")
    @extend_schema(methods=["POST"], summary="Add a note for other agents", request=AgentNoteCreateSerializer,
                   responses={201: AgentNoteSerializer, **errors(400, 403, 404)},
                   description="Support and finance (returns.services.notes.note_add); recorded as a `note` event.")
    @action(detail=True, methods=["get", "post"], url_path="notes")
    def notes(self, request, rma_number=None):
        if request.method == "GET":
            require_any(request.user, (perm.PERM_VIEW_ALL,), _("Notes on a return are for staff only."))
            ret = return_for(request, rma_number)
            notes = ret.events.filter(action="note").select_related("actor").order_by("created_at", "id")
            return Response(AgentNoteListSerializer({"notes": notes}).data)
        require_any(request.user, CONSOLE, _("Only support and finance can write notes on a return."))
        ret = return_for(request, rma_number)
        data = AgentNoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = note_add(return_id=ret.pk, actor=request.user, text=data.validated_data["text"],
                         request_id=request_id(request))
        return Response(AgentNoteSerializer(event).data, status=status.HTTP_201_CREATED)
