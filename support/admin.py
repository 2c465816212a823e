"""Admin for the console's own data: reply macros are edited here; replies, assignments and locks are
read (services write them, with audit records); saved views may be deleted by an administrator."""
from django.contrib import admin

from returnflow.admin_base import ReadOnlyAdmin

from . import admin_users
from .models import Assignment, OutgoingMessage, ReplyMacro, SavedView, WorkLock

admin_users.register()  # the user list shows roles and who may approve refunds


@admin.register(ReplyMacro)
class ReplyMacroAdmin(admin.ModelAdmin):
    list_display = ("name", "subject", "active")
    list_filter = ("active",)
    search_fields = ("name", "subject", "body")


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "return_request", "to_email", "subject", "state", "attempts", "sent_at")
    list_filter = ("state",)
    search_fields = ("return_request__rma_number", "to_email", "subject")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "assignee", "assigned_by", "assigned_at")


@admin.register(WorkLock)
class WorkLockAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "holder", "since", "renewed_at")


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "queue", "owner", "shared", "created_at")
    list_filter = ("shared", "queue")
    readonly_fields = ("owner", "queue", "query", "created_at")
