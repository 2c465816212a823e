import django_filters

from returns.choices import ReturnStatus
from returns.models import ReturnRequest


class ReturnFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=ReturnStatus.choices)
    order = django_filters.CharFilter(field_name="order__number")
    customer = django_filters.CharFilter(field_name="customer__email", lookup_expr="iexact")
    rma = django_filters.CharFilter(field_name="rma_number", lookup_expr="icontains")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = ReturnRequest
        fields = ["state", "channel", "order", "customer", "rma", "created_after", "created_before"]
