"""POST /api/returns/<rma>/lines/<id>/hold/ and .../hold/decision/: holds through inspection.holds.

Putting a line on hold is for inspectors and support agents (`line_hold`); the decision is a
support agent's (`line_hold_release`), never by someone who inspected the line (segregation of
duties, enforced by the service: 403 with its message). The decision carries a reason code and,
a note for a rejection or the reason "other" (returns.decisions.reason_problems, the console's rule too).
"""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from inspection.holds import HOLD_RULES, line_hold, line_hold_release
from inspection.models import HoldKind, LineHold
from returns import permissions as perm
from returns.decisions import DecisionReason, reason_problems

from .access import line_of, request_id, require_any, return_for
from .docs import LINE_ID, errors
from .serializers import ReturnLineSerializer


class LineHoldSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(source="created_by.username", default=None, allow_null=True, read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", default=None, allow_null=True, read_only=True)

    class Meta:
        model = LineHold
        fields = ["id", "kind", "reason", "status", "covers", "created_by", "created_at", "decided_by", "decided_at",
                  "decision_note"]


class HeldLineSerializer(serializers.Serializer):
    line = ReturnLineSerializer()
    holds = LineHoldSerializer(many=True, help_text="Every hold of the line, oldest first.")


class HoldRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HoldKind.choices)
    reason = serializers.CharField(max_length=200, help_text="Why the line waits for support.")


class HoldDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=list(HOLD_RULES))
    reason = serializers.ChoiceField(choices=DecisionReason.choices,
                                     help_text="approve: within_policy_after_review, goodwill or other; reject: "
                                               "outside_policy, suspected_fraud, duplicate or other.")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                 help_text="Required to reject, and with the reason `other`.")

    def validate(self, attrs):
        rule = HOLD_RULES[attrs["decision"]]
        problems = reason_problems(attrs["reason"], attrs["note"], reasons=rule.reasons,
                                   note_required=rule.note_required)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


def _held_line(request, line):
    line.refresh_from_db()
    holds = line.holds.select_related("created_by", "decided_by").order_by("created_at", "id")
    return HeldLineSerializer({"line": line, "holds": holds}, context={"request": request}).data


class HoldActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(
        summary="Put a return line on hold for support", request=HoldRequestSerializer, parameters=[LINE_ID],
        responses={200: HeldLineSerializer, **errors(400, 403, 404, 409)},
        description="Inspectors and support agents, while the return is received or being inspected (409 "
                    "otherwise). Idempotent per kind: an open hold of the same kind is returned as it is.",
    )
    @action(detail=True, methods=["post"], url_path=r"lines/(?P<line_id>[0-9]+)/hold")
    def hold_line(self, request, rma_number=None, line_id=None):
        require_any(request.user, (perm.PERM_INSPECT, perm.PERM_REVIEW),
                    _("Only inspectors and support agents can put a line on hold."))
        line = line_of(return_for(request, rma_number), line_id)
        data = HoldRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line_hold(line_id=line.pk, actor=request.user, request_id=request_id(request), **data.validated_data)
        return Response(_held_line(request, line))

    @extend_schema(
        summary="Decide on a held return line", request=HoldDecisionSerializer, parameters=[LINE_ID],
        responses={200: HeldLineSerializer, **errors(400, 403, 404, 409)},
        description="Support agents only. approve: the hold closes and the line's disposition counts. reject: the "
                    "disposition is cleared and the line is inspected again. 403 for whoever inspected the line "
                    "(segregation of duties); 400 when the line is not on hold.",
    )
    @action(detail=True, methods=["post"], url_path=r"lines/(?P<line_id>[0-9]+)/hold/decision")
    def hold_decision(self, request, rma_number=None, line_id=None):
        require_any(request.user, (perm.PERM_REVIEW,), _("Only support agents can decide on a held line."))
        line = line_of(return_for(request, rma_number), line_id)
        data = HoldDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line_hold_release(line_id=line.pk, actor=request.user, request_id=request_id(request),
                          decision=data.validated_data["decision"], reason=data.validated_data["reason"],
                          note=data.validated_data["note"].strip())
        return Response(_held_line(request, line))
