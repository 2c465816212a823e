from django.utils import timezone

from ..models import RmaCounter


def next_rma_number(now=None) -> str:
    """RMA-<year>-<6 digits>, gap-free per year; call inside the creating transaction.

    The counter row is locked, so two concurrent requests can never get the same number.
    """
    year = (now or timezone.now()).year
    RmaCounter.objects.get_or_create(year=year)
    counter = RmaCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"RMA-{year}-{counter.last:06d}"
