"""The warehouse filter of the support queues and the dashboard (returns.Warehouse).

Shown only where there is more than one warehouse: a single-site operator sees the forms as before.
An unknown or inactive-and-deleted id is a form error (400 on the dashboard), never a silent "all".
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from returns.models import Warehouse

from .forms import DateRangeForm, QueueFilterForm


def several_warehouses() -> bool:
    return Warehouse.objects.count() > 1


class WarehouseField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Warehouse.objects.order_by("code"), required=False, label=_("Warehouse"),
                         empty_label=_("All warehouses"), to_field_name="code", **kwargs)

    def label_from_instance(self, obj):
        return str(obj)


class QueueFilterWithWarehouseForm(QueueFilterForm):
    warehouse = WarehouseField()


class DashboardFilterForm(DateRangeForm):
    warehouse = WarehouseField()
