"""Which warehouse a return goes to, and which warehouses a member of staff works at.

The choice, made once when the return is created: a warehouse that takes the category of one of the
returned products first (bulky goods to the site with the forklift), else the active warehouse that
serves the order's shipping country, else the default. Ties go to the lowest code, so the choice is
the same every time for the same data.

Staff given warehouses (Warehouse.staff) see and receive only those warehouses' returns on the tablet;
staff given none see all of them (a single-site operator assigns nobody).
"""
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from .errors import ReturnPermissionDenied
from .models import Warehouse

RULE_CATEGORY, RULE_COUNTRY, RULE_DEFAULT = "category", "country", "default"


def default_warehouse() -> Warehouse | None:
    """The one marked default (the migration makes it); None when there is none (then a return has no
    warehouse and everything uses the settings, as before warehouses existed)."""
    return Warehouse.objects.filter(is_default=True).first()


def choose_warehouse(order, products) -> tuple[Warehouse | None, str]:
    """(warehouse, the rule that chose it) for a return of `products` from `order`; one query: the
    active warehouses and the default, each marked whether it takes one of the products' categories."""
    category_ids = {product.category_id for product in products}
    takes = Warehouse.categories.through.objects.filter(warehouse=OuterRef("pk"), productcategory_id__in=category_ids)
    candidates = list(Warehouse.objects.filter(Q(active=True) | Q(is_default=True))
                      .annotate(takes_category=Exists(takes)).order_by("code"))
    active = [warehouse for warehouse in candidates if warehouse.active]
    by_category = next((warehouse for warehouse in active if warehouse.takes_category), None)
    if by_category is not None:
        return by_category, RULE_CATEGORY
    country = (getattr(order, "shipping_country", "") or "").strip().upper()
    by_country = next((warehouse for warehouse in active if country and country in warehouse.country_codes()), None)
    if by_country is not None:
        return by_country, RULE_COUNTRY
    return next((warehouse for warehouse in candidates if warehouse.is_default), None), RULE_DEFAULT


def choice_audit_data(warehouse, rule: str) -> dict:
    """What the create's audit record says about the choice."""
    if warehouse is None:
        return {}
    return {"warehouse": warehouse.code, "warehouse_rule": rule}


def staff_warehouse_ids(user) -> set[int] | None:
    """The warehouses `user` works at, or None for "all" (given none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_returnflow_warehouse_ids", False)  # once per request's user object
    if cached is not False:
        return cached
    ids = set(Warehouse.objects.filter(staff=user).values_list("pk", flat=True)) or None
    try:
        user._returnflow_warehouse_ids = ids
    except AttributeError:
        pass
    return ids


def in_warehouses(ids, field: str = "warehouse") -> Q:
    """Returns (or rows reaching a return through `field`) of these warehouses; a return without one
    (made before warehouses existed, or by hand) counts as the default's."""
    ids = set(ids)
    condition = Q(**{f"{field}__in": ids})
    default = default_warehouse()
    if default is not None and default.pk in ids:
        condition |= Q(**{f"{field}__isnull": True})
    return condition


def scope_to_staff(queryset, user, field: str = "warehouse"):
    """Narrow a queryset to `user`'s warehouses; unchanged for staff given none."""
    ids = staff_warehouse_ids(user)
    return queryset if ids is None else queryset.filter(in_warehouses(ids, field))


def filter_by_warehouse(queryset, warehouse_id, field: str = "warehouse"):
    """The console's and the dashboard's warehouse filter: unchanged without one."""
    return queryset.filter(in_warehouses([warehouse_id], field)) if warehouse_id else queryset


def annotate_staff_access(queryset, user):
    """Read, in the query that loads the returns, whether `user` works at each one's warehouse, so a
    page checks it without a query of its own (see works_at)."""
    through = Warehouse.staff.through
    return queryset.annotate(
        staff_any_warehouse=Exists(through.objects.filter(user_id=user.pk)),
        staff_at_warehouse=Exists(through.objects.filter(user_id=user.pk, warehouse_id=OuterRef("warehouse_id"))))


def works_at(user, ret) -> bool:
    if ret.warehouse_id is not None and hasattr(ret, "staff_any_warehouse"):  # annotate_staff_access
        return not ret.staff_any_warehouse or ret.staff_at_warehouse
    ids = staff_warehouse_ids(user)
    if ids is None:
        return True
    warehouse_id = ret.warehouse_id
    if warehouse_id is None:
        default = default_warehouse()
        warehouse_id = default.pk if default else None
    return warehouse_id in ids


def check_works_at(user, ret) -> None:
    """Refuse, naming the return's warehouse, when `user` does not work there (nothing is changed)."""
    if works_at(user, ret):
        return
    warehouse = ret.warehouse or default_warehouse()
    mine = ", ".join(Warehouse.objects.filter(staff=user).order_by("code").values_list("code", flat=True))
    raise ReturnPermissionDenied(
        _("%(rma)s belongs to warehouse %(warehouse)s, not to yours (%(mine)s): send the parcel there, "
          "or ask an administrator to give you that warehouse.") % {
            "rma": ret.rma_number, "warehouse": str(warehouse) if warehouse else "?", "mine": mine},
        details={"warehouse": warehouse.code if warehouse else None})
