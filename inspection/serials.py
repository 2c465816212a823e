"""Serial numbers: what was shipped to the customer against what came back.

The local order snapshot says which serials were shipped to the customer; the ERP, when an
integration registers a check (`register_serial_check`, done by integrations.apps), says whether a
scanned serial can really be coming back (Odoo knows it, and it is at a customer, not in stock).
"""
from collections.abc import Callable

from returns.models import SalesOrderLine

from .models import UnitInspection

# fn(erp_product_id, serial) -> what is wrong with it, or None (also when the ERP cannot be asked).
_erp_serial_check: Callable[[int, str], str | None] | None = None


def register_serial_check(check: Callable[[int, str], str | None] | None) -> None:
    global _erp_serial_check
    _erp_serial_check = check


def erp_serial_problem(line, serial: str) -> str | None:
    if _erp_serial_check is None:
        return None
    return _erp_serial_check(line.product.odoo_product_id, serial)


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
    """Returned serials that were never shipped to this customer, or that the ERP says cannot be
    coming back (unknown there, or in stock): a possible item swap, held for support."""
    shipped = shipped_serials(line)
    return [serial for serial in returned_serials(line)
            if serial not in shipped or erp_serial_problem(line, serial) is not None]
