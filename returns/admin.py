from django.contrib import admin, messages

from returnflow.admin_base import ReadOnlyAdmin, ServiceOwnedAdmin

from .errors import ReturnsError
from .models import (CarrierClaim, Customer, Dispute, Product, ProductCategory, ReasonCode, ReturnEvent, ReturnLine,
                     ReturnPolicy, ReturnRequest, RmaCounter, SalesOrder, SalesOrderLine, Warehouse)
from .services.lifecycle import return_approve, return_reject


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "category", "serialized", "final_sale"]
    list_filter = ["category", "serialized", "final_sale"]
    search_fields = ["sku", "name", "barcode"]


@admin.register(Customer)
class CustomerAdmin(ServiceOwnedAdmin):
    """The login (`user`) decides whose returns someone sees, and the rest comes from Odoo's partner: only
    the review-list flag is set here, and each change is recorded on the customer's returns."""

    list_display = ["name", "email", "blocked"]
    list_filter = ["blocked"]
    search_fields = ["name", "email"]
    admin_editable = ("blocked", "blocked_reason")

    def audited_returns(self, obj):
        return obj.returns.all()


class SalesOrderLineInline(admin.TabularInline):
    """Order lines are Odoo's snapshot; their quantities and prices bound what a return may refund."""

    model = SalesOrderLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in SalesOrderLine._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SalesOrder)
class SalesOrderAdmin(ReadOnlyAdmin):
    """Order snapshots are written by the Odoo import (returns.orders), never by hand."""

    list_display = ["number", "customer", "channel", "currency", "ordered_at", "delivered_at"]
    list_filter = ["channel", "currency"]
    search_fields = ["number", "customer__email"]
    inlines = [SalesOrderLineInline]


@admin.register(ReasonCode)
class ReasonCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "retailer_fault", "requires_photo", "active"]


@admin.register(ReturnPolicy)
class ReturnPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "category", "window_days", "restocking_fee_percent", "approval_value_threshold",
                    "active"]


class ReturnLineInline(admin.TabularInline):
    model = ReturnLine
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in ReturnLine._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


class ReturnEventInline(admin.TabularInline):
    model = ReturnEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "from_state", "to_state", "reason", "note", "request_id"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


def _run_admin_action(modeladmin, request, queryset, service, verb):
    done = 0
    for ret in queryset:
        try:
            service(return_id=ret.pk, actor=request.user, reason="admin", note=f"{verb} from the admin")
            done += 1
        except ReturnsError as exc:
            modeladmin.message_user(request, f"{ret.rma_number}: {exc.message}", messages.ERROR)
    if done:
        modeladmin.message_user(request, f"{verb}: {done} return(s).", messages.SUCCESS)


@admin.action(description="Approve selected exception requests")
def approve_selected(modeladmin, request, queryset):
    _run_admin_action(modeladmin, request, queryset, return_approve, "Approved")


@admin.action(description="Reject selected exception requests")
def reject_selected(modeladmin, request, queryset):
    _run_admin_action(modeladmin, request, queryset, return_reject, "Rejected")


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ServiceOwnedAdmin):
    """The services own a return: its state (moved only by the actions, through the lifecycle), customer
    (who may see it), order, lines, amounts, refund method and dates. Here only the parcel's carrier and
    tracking number can be corrected, each correction audited with before and after."""

    list_display = ["rma_number", "state", "customer", "order", "channel", "warehouse", "created_at"]
    list_filter = ["state", "channel", "warehouse"]
    search_fields = ["rma_number", "order__number", "customer__email"]
    admin_editable = ("carrier", "tracking_number")
    inlines = [ReturnLineInline, ReturnEventInline]
    actions = [approve_selected, reject_selected]

    def audited_returns(self, obj):
        return [obj]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    """Where returns are received (returns.warehouses chooses one at creation): countries and categories it
    takes, its Odoo ids (empty: what the settings give), its label printer and the staff who work there.
    Never deleted (its returns keep pointing at it): set it inactive and it takes no new returns."""

    list_display = ["code", "name", "country", "serves_countries", "is_default", "active", "odoo_warehouse_id",
                    "label_printer"]
    list_filter = ["active", "is_default"]
    search_fields = ["code", "name", "serves_countries"]
    filter_horizontal = ["categories", "staff"]
    fieldsets = [
        (None, {"fields": ["code", "name", "address", "country", "active", "is_default"]}),
        ("Which returns come here", {"fields": ["serves_countries", "categories"]}),
        ("Odoo", {"fields": ["odoo_warehouse_id", "odoo_returns_location_id", "odoo_receipt_type_id"]}),
        ("Floor", {"fields": ["label_printer", "staff"]}),
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "staff":  # people with a staff role, not the customers' log-ins
            from django.contrib.auth import get_user_model
            from django.db.models import Q

            kwargs["queryset"] = (get_user_model().objects.filter(Q(is_staff=True) | Q(groups__isnull=False))
                                  .distinct().order_by("username"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReturnEvent)
class ReturnEventAdmin(ReadOnlyAdmin):
    """The audit log: readable, never writable."""

    list_display = ["created_at", "return_request", "actor", "action", "from_state", "to_state", "reason", "request_id"]
    list_filter = ["action", "to_state"]
    search_fields = ["return_request__rma_number", "request_id", "actor__username"]


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    """Disputes are opened by the customer and resolved by support through their services."""

    list_display = ["opened_at", "return_request", "kind", "state", "resolved_by", "resolved_at"]
    list_filter = ["kind", "state"]
    search_fields = ["return_request__rma_number"]


@admin.register(CarrierClaim)
class CarrierClaimAdmin(ReadOnlyAdmin):
    """Carrier claims are opened and resolved in the support console (or the API) through their service,
    which audits both steps and holds the refund while one is open: never edited here."""

    list_display = ["opened_at", "return_request", "kind", "carrier", "claim_reference", "due_date", "amount_claimed",
                    "state", "outcome", "amount_recovered"]
    list_filter = ["state", "kind", "outcome"]
    search_fields = ["return_request__rma_number", "claim_reference", "carrier"]


@admin.register(RmaCounter)
class RmaCounterAdmin(ReadOnlyAdmin):
    """The last RMA number per year; numbers are handed out by the creation service only."""

    list_display = ["year", "last"]


@admin.register(SalesOrderLine)
class SalesOrderLineAdmin(ReadOnlyAdmin):
    list_display = ["order", "product", "quantity_ordered", "quantity_delivered", "quantity_invoiced", "unit_price",
                    "tax_rate"]
    search_fields = ["order__number", "product__sku"]
    raw_id_fields = ["order", "product"]


@admin.register(ReturnLine)
class ReturnLineAdmin(ReadOnlyAdmin):
    """Lines change only through receiving and inspection; here they can be read and searched."""

    list_display = ["request", "product", "quantity_requested", "quantity_received", "quantity_accepted", "grade",
                    "disposition", "hold_reason"]
    list_filter = ["disposition", "grade"]
    search_fields = ["request__rma_number", "product__sku"]
