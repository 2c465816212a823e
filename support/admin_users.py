"""The admin's user list says who holds which role, and who may approve refund proposals.

A refund above the two-person limit needs a finance colleague other than its proposer; when the
console says nobody else can approve, an administrator opens Admin ▸ Users, filters by “Can approve
refunds” and sees exactly the people support.approvers counts (the Finance role, the permission
given directly, superusers), then gives the role to a second person.
"""
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .approvers import approval_holders


class CanApproveRefundsFilter(admin.SimpleListFilter):
    title = "Can approve refunds"
    parameter_name = "can_approve_refunds"

    def lookups(self, request, model_admin):
        return [("yes", "Yes (Finance role, the permission, or superuser)"), ("no", "No")]

    def queryset(self, request, queryset):
        holders = approval_holders().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=holders)
        if self.value() == "no":
            return queryset.exclude(pk__in=holders)
        return queryset


class RolesUserAdmin(UserAdmin):
    list_display = ("username", "email", "first_name", "last_name", "roles", "can_approve_refunds", "is_active",
                    "is_staff")
    list_filter = (CanApproveRefundsFilter, "groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, obj):
        return ", ".join(sorted(group.name for group in obj.groups.all())) or "–"

    @admin.display(description="Can approve refunds", boolean=True)
    def can_approve_refunds(self, obj):
        return obj.is_active and obj.has_perm("returns.approve_refund")


def register():
    User = get_user_model()
    if admin.site.is_registered(User):
        admin.site.unregister(User)
    admin.site.register(User, RolesUserAdmin)
