"""Builders for test data. Plain functions: each test reads what it sets up."""
import itertools
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

_seq = itertools.count(1)


def make_user(username, *roles, password="pw-test-1234", **extra):
    user = get_user_model().objects.create_user(username=username, password=password, **extra)
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


def make_customer(username, *, email=None, blocked=False, postcode="1000"):
    from returns.models import Customer
    from returns.roles import CUSTOMER

    user = make_user(username, CUSTOMER, first_name=username.capitalize())
    return Customer.objects.create(user=user, email=email or f"{username}@example.com",
                                   name=username.capitalize(), postcode=postcode, blocked=blocked,
                                   blocked_reason="Many returns" if blocked else "")


def make_catalogue():
    """Categories, reason codes and a default 30-day policy, as every return needs."""
    from returns.models import ProductCategory, ReasonCode, ReturnPolicy

    apparel, _ = ProductCategory.objects.get_or_create(code="apparel", defaults={"name": "Apparel"})
    electronics, _ = ProductCategory.objects.get_or_create(code="electronics", defaults={"name": "Electronics"})
    for code, label, fault, photo in [
        ("changed_mind", "Changed my mind", False, False),
        ("no_longer_needed", "No longer needed", False, False),
        ("defective", "Defective", True, True),
        ("wrong_item", "Wrong item sent", True, False),
        ("damaged_in_transit", "Damaged in transit", True, True),
    ]:
        ReasonCode.objects.get_or_create(code=code, defaults={"label": label, "retailer_fault": fault,
                                                              "requires_photo": photo})
    ReturnPolicy.objects.get_or_create(name="Default", defaults={"window_days": 30,
                                                                "approval_value_threshold": Decimal("1000")})
    return {"apparel": apparel, "electronics": electronics}


def make_product(sku=None, *, category="apparel", final_sale=False, serialized=False, name=None):
    from returns.models import Product, ProductCategory

    sku = sku or f"SKU-{next(_seq):05d}"
    return Product.objects.create(sku=sku, name=name or f"Product {sku}", final_sale=final_sale,
                                  serialized=serialized, category=ProductCategory.objects.get(code=category),
                                  odoo_product_id=49)


def make_order(customer, lines, *, delivered_days_ago=5, number=None, currency="EUR", channel="web"):
    """`lines`: (product, quantity, unit_price) tuples; all delivered and invoiced unless told."""
    from returns.models import SalesOrder, SalesOrderLine

    now = timezone.now()
    order = SalesOrder.objects.create(
        number=number or f"S{next(_seq):05d}", customer=customer, currency=currency, channel=channel,
        ordered_at=now - timedelta(days=(delivered_days_ago or 0) + 3),
        delivered_at=None if delivered_days_ago is None else now - timedelta(days=delivered_days_ago),
        shipping_amount=Decimal("4.95"), shipping_tax_rate=Decimal("0.21"), invoice_number="INV/2026/00001",
        odoo_order_id=25, odoo_invoice_id=25,
    )
    for product, quantity, price in lines:
        delivered = 0 if delivered_days_ago is None else quantity
        SalesOrderLine.objects.create(order=order, product=product, quantity_ordered=quantity,
                                      quantity_delivered=delivered, quantity_invoiced=quantity,
                                      unit_price=Decimal(price), tax_rate=Decimal("0.21"), odoo_line_id=51,
                                      odoo_move_id=39)
    return order


def create_return(order, actor, quantities=None, *, reason="changed_mind", exception_message=""):
    """A return through the real creation service; `quantities` maps order line → units (all by default)."""
    from returns.services.creation import LineInput, return_create

    quantities = quantities or {line: line.quantity_delivered for line in order.lines.all()}
    return return_create(order=order, actor=actor, exception_message=exception_message, lines=[
        LineInput(order_line_id=line.pk, quantity=qty, reason_code=reason) for line, qty in quantities.items()
    ])


def force_state(ret, state):
    """Test set-up only: put a return in `state` without the lifecycle (bypasses the protected field)."""
    from returns.models import ReturnRequest

    ReturnRequest.objects.filter(pk=ret.pk).update(state=state)
    return ReturnRequest.objects.get(pk=ret.pk)


def receive_all(ret, inspector):
    from returns.services.lifecycle import return_receive

    return return_receive(return_id=ret.pk, actor=inspector,
                          quantities={line.pk: line.quantity_requested for line in ret.lines.all()})


def add_inspection_photo(line, inspector):
    """A real JPEG stored as inspection evidence of `line` (grades below A need one)."""
    from django.db import transaction

    from inspection.demo import demo_photo
    from inspection.evidence import files_removed_on_error, photo_store

    with files_removed_on_error() as stored, transaction.atomic():
        return photo_store(upload=demo_photo(line.product.sku), kind="inspection", uploaded_by=inspector,
                           stored=stored, return_request=line.request, line=line)


def inspect_all(ret, inspector, *, grade="A", disposition="restock"):
    """Inspect every line and complete; grades below A get the photo the rules ask for. A line worth
    more than the policy's approval value is held for support, so completing then fails."""
    from inspection.services import return_line_inspect
    from returns.services.lifecycle import return_complete_inspection, return_start_inspection

    return_start_inspection(return_id=ret.pk, actor=inspector)
    for line in ret.lines.all():
        if grade != "A":
            add_inspection_photo(line, inspector)
        return_line_inspect(line_id=line.pk, actor=inspector, grade=grade, disposition=disposition,
                            quantity_accepted=line.quantity_received)
    return return_complete_inspection(return_id=ret.pk, actor=inspector)
