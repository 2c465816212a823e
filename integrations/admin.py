from django.contrib import admin

from .models import OdooPosting


@admin.register(OdooPosting)
class OdooPostingAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "state", "attempts", "odoo_name", "odoo_id", "created_at", "sent_at"]
    list_filter = ["state", "kind"]
    search_fields = ["reference", "order_number", "odoo_name"]
    readonly_fields = [f.name for f in OdooPosting._meta.fields]

    def has_add_permission(self, request):
        return False
