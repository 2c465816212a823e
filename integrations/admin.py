from django.contrib import admin, messages
from django.db import transaction

from returnflow.admin_base import ReadOnlyAdmin

from .delivery import retry_posting
from .models import OdooPosting


@admin.action(description="Retry selected failed postings")
def retry_selected(modeladmin, request, queryset):
    with transaction.atomic():
        retried = sum(retry_posting(posting.pk) for posting in queryset)
    modeladmin.message_user(request, f"{retried} posting(s) will be sent again.", messages.SUCCESS)


@admin.register(OdooPosting)
class OdooPostingAdmin(ReadOnlyAdmin):
    """The outbox: postings are written with the step that causes them and delivered by the worker; the
    admin reads them and sends failed ones again (through the delivery service), never edits or deletes."""

    list_display = ["reference", "kind", "state", "attempts", "odoo_name", "odoo_id", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["reference", "order_number", "odoo_name"]
    actions = [retry_selected]
