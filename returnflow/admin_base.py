"""Admin bases for records the services own: the admin reads them; the few fields it may still change are
listed, and each change is written to the return's audit trail with the values before and after.

The admin's own change log (LogEntry) is not the audit trail: it can be deleted from the admin and
does not say what a value was before.
"""
from django.contrib import admin
from django.db import transaction


def _plain(value):
    """A value as the audit record's JSON can hold it (dates, decimals and ids as text)."""
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


class ServiceOwnedAdmin(admin.ModelAdmin):
    """Everything is read-only except `admin_editable`; nothing is added or deleted here.

    Subclasses that allow edits say which returns an edit belongs to (`audited_returns`), and each of
    those returns gets one audit record `admin_change` with {field: {"before", "after"}}.
    """

    admin_editable: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        hidden = {*self.admin_editable, *(self.exclude or ())}
        names = [f.name for f in self.model._meta.get_fields()
                 if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in hidden]
        return [*names, *[f for f in super().get_readonly_fields(request, obj) if f not in names]]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return bool(self.admin_editable) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # deletion is refused, so no bulk action offers it
        return actions

    def audited_returns(self, obj):
        raise NotImplementedError(f"{type(self).__name__} allows edits, so it must say which returns they belong to.")

    def save_model(self, request, obj, form, change):
        changed = [name for name in form.changed_data if name in self.admin_editable]
        if not change or not changed:
            return
        model = type(obj)
        with transaction.atomic():
            # The values in the database now, under a lock: the form's initial values may be stale.
            before = model.objects.select_for_update().filter(pk=obj.pk).values(*changed).get()
            extra = ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []
            obj.save(update_fields=[*changed, *extra])
            changes = {name: {"before": _plain(before[name]), "after": _plain(getattr(obj, name))} for name in changed}
            self._audit(request, obj, changes)

    def _audit(self, request, obj, changes):
        from returns.services.audit import audit_record

        note = f"Changed in the admin ({obj._meta.verbose_name} {obj.pk}): {', '.join(changes)}"
        for ret in self.audited_returns(obj):
            audit_record(request=ret, actor=request.user, action="admin_change", from_state=ret.state,
                         to_state=ret.state, reason="admin", note=note,
                         request_id=getattr(request, "request_id", ""),
                         data={"model": obj._meta.label, "object_id": obj.pk, "changes": changes})


class ReadOnlyAdmin(ServiceOwnedAdmin):
    """For records that only services write (audit, custody, counters): readable, never editable here."""
