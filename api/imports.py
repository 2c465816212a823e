"""Bulk intake through the API: a marketplace returns report, the same import as the console's
(returns.services.marketplace_import), with the same role check (support agents)."""
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from returns import permissions as perm
from returns.errors import InvalidReturnRequest
from returns.services.marketplace_import import MAX_BYTES, import_file

from .access import request_id, require_any
from .docs import errors


class ImportUploadSerializer(serializers.Serializer):
    report = serializers.FileField(help_text="The CSV: Amazon's returns report or the generic layout "
                                             "(order_number, sku, quantity, reason[, return_id, comment]).")


class ImportOutcomeSerializer(serializers.Serializer):
    reference = serializers.CharField()
    order_number = serializers.CharField()
    rows = serializers.ListField(child=serializers.IntegerField(), help_text="Line numbers in the file.")
    outcome = serializers.ChoiceField(choices=["created", "review", "rejected", "already imported"])
    message = serializers.CharField()
    rma = serializers.CharField(allow_blank=True)


class ImportResultSerializer(serializers.Serializer):
    layout = serializers.ChoiceField(choices=["amazon", "generic"])
    counts = serializers.DictField(child=serializers.IntegerField(),
                                   help_text="Rows per outcome: created, review, rejected, already.")
    outcomes = ImportOutcomeSerializer(many=True)


class ImportViewSet(viewsets.GenericViewSet):
    serializer_class = ImportUploadSerializer
    parser_classes = [MultiPartParser]

    @extend_schema(summary="Import a marketplace returns report",
                   request={"multipart/form-data": ImportUploadSerializer},
                   responses={200: ImportResultSerializer, **errors(400, 403)},
                   description="Each return of the file is created (channel marketplace), left for review or "
                               "rejected with its reason; importing the same file again creates nothing twice.")
    @action(detail=False, methods=["post"])
    def marketplace(self, request):
        require_any(request.user, (perm.PERM_REVIEW,), _("Only support agents import marketplace returns."))
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["report"]
        if upload.size > MAX_BYTES:
            raise InvalidReturnRequest(_("The file is larger than 5 MB: split it."))
        result = import_file(upload.read(), actor=request.user, request_id=request_id(request))
        return Response({"layout": result.layout, "counts": result.counts,
                         "outcomes": [vars(o) for o in result.outcomes]})
