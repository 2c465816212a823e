"""OpenAPI pieces shared by the API modules: the error body and the line id path parameter."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file in a multipart request (documented as binary, not as the URL a FileField reads back)."""


class ApiErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine code, e.g. invalid_input, invalid_photo, permission_denied, "
                                           "not_found, illegal_transition.")
    message = serializers.CharField(help_text="What went wrong, for a person.")
    details = serializers.JSONField(required=False, help_text="Field errors or the domain error's details.")


class ApiErrorSerializer(serializers.Serializer):
    error = ApiErrorDetailSerializer()


def errors(*statuses) -> dict:
    """`responses` entries for the error statuses an endpoint answers with."""
    return {status: ApiErrorSerializer for status in statuses}


LINE_ID = OpenApiParameter("line_id", int, OpenApiParameter.PATH, description="Id of a line of this return.")
