"""OpenAPI pieces shared by the API modules: the error body, the line id path parameter and the
schema class that documents every operation's error statuses."""
from drf_spectacular.openapi import AutoSchema
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


# What each error status means, for every operation that can answer it (see ErrorDocumentingAutoSchema).
ERROR_MEANINGS = {
    400: "Invalid input or a body that does not parse (code invalid_input, parse_error, ...).",
    403: "Not signed in (the API answers 403, not 401, to a missing or wrong session or token), "
         "or your role or ownership does not allow it.",
    404: "No such object (or page of a list), or no route at this address.",
    409: "The object's state does not allow it, a guard failed, or someone else changed it first.",
    413: "The body is over the size cap (JSON and forms 5 MB, uploads 50 MB by default).",
    415: "The body's Content-Type is not one this operation reads.",
}
_WRITES = {"POST", "PUT", "PATCH"}


class ErrorDocumentingAutoSchema(AutoSchema):
    """Documents, for every operation, each 4xx it can answer, with the JSON error body.

    The statuses follow from how the API works rather than from each view: every operation checks
    who is asking (403), operations on one object can miss it (404), writes read a body (400, 413,
    415) and go through services that lock and check state (409), lists validate their filters (400).
    """

    def _error_statuses(self):
        statuses = {403}
        has_object = "{" in self.path
        if has_object:
            statuses.add(404)
        if self.method in _WRITES:
            statuses |= {400, 409, 413, 415}
        elif self._is_list_view():
            statuses.add(400)
            if getattr(self.view, "pagination_class", None):
                statuses.add(404)  # a page past the last one
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in sorted(self._error_statuses()):
            code = str(status)
            if code not in responses:
                responses[code] = self._get_response_for_code(ApiErrorSerializer, code, direction=direction)
            if not responses[code].get("description"):
                responses[code]["description"] = ERROR_MEANINGS[status]
        return responses


def one_of_without_discriminator_as_any_of(result, generator, request, public):
    """Postprocessing hook: a role-dependent view (PolymorphicProxySerializer without a type field) is
    documented as `anyOf`. Its staff shape is a superset of the customer's, so a body usually fits both,
    and `oneOf` (exactly one) would make every validating client reject a correct answer."""
    def walk(node):
        if isinstance(node, dict):
            if "oneOf" in node and "discriminator" not in node:
                node["anyOf"] = node.pop("oneOf")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result
