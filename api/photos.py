"""GET/POST /api/returns/<rma>/lines/<id>/photos/: photo evidence of a return line.

POST (multipart, field `photos`, several files):
- an inspector adds inspection evidence through `inspection.line_photos.inspection_photos_add`,
  the service the tablet uses (return being inspected, inspection claim, audit per photo);
- the customer who made the return adds their own photos (kind `customer`) until the parcel is
  received, through `inspection.evidence` like the portal: every file is checked before any is
  written, and all are stored in one transaction inside `files_removed_on_error`, so a bad file
  leaves no row and no file behind.

GET lists the line's photos. Staff see every kind with the URLs of the tablet's photo view
(metadata-free renditions, once ready); the customer sees only the customer photos of the line,
without URLs (photo files are served to staff only).
"""
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from returnflow.parsers import SafeJSONParser

from inspection.evidence import check_photo, files_removed_on_error, photo_store
from inspection.photo_limits import MAX_CUSTOMER_PHOTOS_PER_LINE, photo_uploads
from inspection.line_photos import inspection_photos_add
from inspection.models import Photo, PhotoKind, PhotoStatus
from returns.services.audit import audit_record
from returns.services.transitions import lock_return

from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.errors import IllegalTransition, InvalidReturnRequest
from .access import line_of, request_id, return_for
from .docs import LINE_ID, UploadField, errors

# Until the parcel is received the customer may still add photos of what they send.
CUSTOMER_PHOTO_STATES = (ReturnStatus.REQUESTED, ReturnStatus.PENDING_APPROVAL, ReturnStatus.AUTHORIZED,
                         ReturnStatus.IN_TRANSIT)


class PhotoSerializer(serializers.ModelSerializer):
    thumbnail_url = serializers.SerializerMethodField(
        help_text="Staff only, once the rendition is ready (status `ready`); null otherwise.")
    large_url = serializers.SerializerMethodField(
        help_text="Staff only, once the rendition is ready (status `ready`); null otherwise.")

    class Meta:
        model = Photo
        fields = ["id", "kind", "sha256", "mime_type", "byte_size", "status", "width", "height", "created_at",
                  "thumbnail_url", "large_url"]

    def _url(self, obj, rendition):
        request = self.context["request"]
        if obj.status != PhotoStatus.READY or not request.user.has_perm(perm.PERM_VIEW_ALL):
            return None
        return request.build_absolute_uri(reverse("inspection:photo_file", args=[obj.pk, rendition]))

    def get_thumbnail_url(self, obj) -> str | None:
        return self._url(obj, "thumb")

    def get_large_url(self, obj) -> str | None:
        return self._url(obj, "large")


class PhotoListSerializer(serializers.Serializer):
    photos = PhotoSerializer(many=True)


class PhotoUploadSerializer(serializers.Serializer):
    photos = serializers.ListField(child=UploadField(), allow_empty=False,
                                   help_text="One or more JPEG, PNG or WebP files (same field repeated).")


def customer_photos_add(*, ret, line, actor, uploads, request_id=""):
    """The customer's own photos of a line, before the parcel is received: all or none, audited."""
    if not uploads:
        raise InvalidReturnRequest(_("Choose or take at least one photo."))
    infos = [check_photo(upload) for upload in uploads]  # every file is checked before any is written
    with files_removed_on_error() as stored, transaction.atomic():
        locked = lock_return(ret.pk)
        if locked.state not in CUSTOMER_PHOTO_STATES:
            raise IllegalTransition(_("%(rma)s is %(state)s: photos can only be added until the parcel is "
                                      "received.") % {"rma": locked.rma_number,
                                                      "state": locked.get_state_display().lower()})
        already = Photo.objects.filter(line=line, kind=PhotoKind.CUSTOMER).count()
        if already + len(uploads) > MAX_CUSTOMER_PHOTOS_PER_LINE:
            raise InvalidReturnRequest(_("Add at most %(count)d photos per item (this one has %(has)d).") % {
                "count": MAX_CUSTOMER_PHOTOS_PER_LINE, "has": already})
        photos = [photo_store(upload=upload, kind=PhotoKind.CUSTOMER, uploaded_by=actor, stored=stored,
                              return_request=locked, line=line, info=info)
                  for upload, info in zip(uploads, infos, strict=True)]
        audit_record(request=locked, actor=actor, action="customer_photos", from_state=locked.state,
                     to_state=locked.state, request_id=request_id, note=f"{len(photos)} photo(s) added",
                     data={"line": line.pk, "photos": [p.pk for p in photos]})
        return photos


def visible_photos(line, user):
    photos = Photo.objects.filter(line=line)
    if not user.has_perm(perm.PERM_VIEW_ALL):
        photos = photos.filter(kind=PhotoKind.CUSTOMER)
    return photos.order_by("created_at", "id")


class PhotoActions:
    """Mixed into ReturnViewSet."""

    @extend_schema(methods=["GET"], summary="Photos of a return line", parameters=[LINE_ID],
                   responses={200: PhotoListSerializer, **errors(403, 404)},
                   description="Staff: every photo of the line with rendition URLs. The customer: their own "
                               "photos of the line, without URLs.")
    @extend_schema(
        methods=["POST"], summary="Add photos to a return line",
        request={"multipart/form-data": PhotoUploadSerializer}, parameters=[LINE_ID],
        responses={201: PhotoListSerializer, **errors(400, 403, 404, 409)},
        description="Inspectors: inspection evidence while the return is being inspected (takes the inspection "
                    "claim like the tablet). The customer: their own photos until the parcel is received, at most "
                    f"{MAX_CUSTOMER_PHOTOS_PER_LINE} per line. Every file is validated first; one bad file "
                    "stores none (400 `invalid_photo`).",
    )
    @action(detail=True, methods=["get", "post"], url_path=r"lines/(?P<line_id>[0-9]+)/photos",
            parser_classes=[MultiPartParser, FormParser, SafeJSONParser])
    def line_photos(self, request, rma_number=None, line_id=None):
        ret = return_for(request, rma_number)
        line = line_of(ret, line_id)
        if request.method == "GET":
            photos = visible_photos(line, request.user)
            return Response(PhotoListSerializer({"photos": photos}, context={"request": request}).data)
        if request.user.has_perm(perm.PERM_INSPECT):
            photos = inspection_photos_add(ret=ret, line=line, actor=request.user, uploads=photo_uploads(request),
                                           request_id=request_id(request))
        elif perm.customer_owner(ret, request.user):
            photos = customer_photos_add(ret=ret, line=line, actor=request.user, uploads=photo_uploads(request),
                                         request_id=request_id(request))
        else:
            raise PermissionDenied(_("Only inspectors and the customer who made the return can add photos."))
        return Response(PhotoListSerializer({"photos": photos}, context={"request": request}).data,
                        status=status.HTTP_201_CREATED)
