from django.contrib import admin, messages
from django.db import transaction

from .delivery import retry_posting
from .models import OdooPosting


@admin.action(description="Retry selected failed postings")
def retry_selected(modeladmin, request, queryset):
    with transaction.atomic():
        retried = sum(retry_posting(posting.pk) for posting in queryset)
    modeladmin.message_user(request, f"{retried} posting(s) will be sent again.", messages.SUCCESS)


@admin.register(OdooPosting)
class OdooPostingAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "state", "attempts", "odoo_name", "odoo_id", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["reference", "order_number", "odoo_name"]
    readonly_fields = [f.name for f in OdooPosting._meta.fields]
    actions = [retry_selected]

    def has_add_permission(self, request):
        return False
