"""Serial numbers: what was shipped to the customer against what came back."""
from returns.models import SalesOrderLine

from .models import UnitInspection


def normalize_serial(value: str) -> str:
    # Scanners and people disagree about case and stray spaces; serials do not.
    return "".join((value or "").split()).upper()


def shipped_serials(line) -> set[str]:
    """Serials of this product ever shipped to this customer (any of their orders)."""
    rows = SalesOrderLine.objects.filter(order__customer_id=line.request.customer_id,
                                         product_id=line.product_id).values_list("serial_numbers", flat=True)
    return {normalize_serial(serial) for serials in rows for serial in (serials or [])}


def returned_serials(line) -> list[str]:
    return [s for s in UnitInspection.objects.filter(line=line, unit_index__gt=0)
            .order_by("unit_index").values_list("serial_number", flat=True) if s]


def unknown_serials(line) -> list[str]:
    """Returned serials that were never shipped to this customer: possible item swap."""
    shipped = shipped_serials(line)
    return [serial for serial in returned_serials(line) if serial not in shipped]
