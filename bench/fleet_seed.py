"""Seeds the fleet run's database: staff and a customer with API tokens, and N delivered one-line orders
whose Odoo ids are unique, so the Odoo sandbox (`manage.py odoo_sandbox`, which mirrors the local orders)
holds matching sale orders, deliveries and invoices. Prints JSON: {"tokens": {...}, "orders": [...]}.

Run with the fleet's environment: `python bench/fleet_seed.py N` (bench/fleet.py does).
"""
import json
import os
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "returnflow.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from returns import roles  # noqa: E402
from returns.models import (Customer, Product, ProductCategory, ReasonCode, ReturnPolicy, SalesOrder,  # noqa: E402
                            SalesOrderLine)

FIRST_ODOO_ORDER_ID = 70001
TAX = Decimal("0.21")


def user_with_token(username, role):
    user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": f"{username}@fleet.test"})
    user.groups.add(Group.objects.get(name=role))
    return user, Token.objects.get_or_create(user=user)[0].key


def seed(count: int) -> dict:
    apparel, _ = ProductCategory.objects.get_or_create(code="apparel", defaults={"name": "Apparel"})
    ReasonCode.objects.get_or_create(code="changed_mind", defaults={"label": "Changed my mind"})
    ReturnPolicy.objects.get_or_create(name="Fleet 30 days", defaults={
        "window_days": 30, "approval_value_threshold": Decimal("1000")})
    product, _ = Product.objects.get_or_create(sku="FLEET-TEE", defaults={
        "name": "Fleet T-shirt", "category": apparel, "odoo_product_id": 7001, "barcode": "2000000070017"})
    customer_user, customer_token = user_with_token("fleet-customer", roles.CUSTOMER)
    customer, _ = Customer.objects.get_or_create(user=customer_user, defaults={
        "email": "fleet-customer@fleet.test", "name": "Fleet Customer", "postcode": "1000", "odoo_partner_id": 7002})
    tokens = {"customer": customer_token, "inspector": user_with_token("fleet-inspector", roles.INSPECTOR)[1],
              "support": user_with_token("fleet-support", roles.SUPPORT)[1]}
    now = timezone.now()
    orders = []
    for index in range(count):
        odoo_id = FIRST_ODOO_ORDER_ID + index
        order, created = SalesOrder.objects.get_or_create(number=f"F{odoo_id}", defaults={
            "customer": customer, "currency": "EUR", "ordered_at": now - timedelta(days=8),
            "delivered_at": now - timedelta(days=5), "shipping_amount": Decimal("0"), "shipping_tax_rate": TAX,
            "shipping_postcode": "1000", "invoice_number": f"INV/2026/F{odoo_id}", "odoo_order_id": odoo_id,
            "odoo_invoice_id": odoo_id, "synced_at": now})
        if created:
            SalesOrderLine.objects.create(order=order, product=product, quantity_ordered=1, quantity_delivered=1,
                                          quantity_invoiced=1, unit_price=Decimal("20.00"), tax_rate=TAX,
                                          odoo_line_id=odoo_id * 10, odoo_move_id=odoo_id * 10)
        orders.append({"number": order.number, "line_ids": list(order.lines.values_list("pk", flat=True))})
    return {"tokens": tokens, "orders": orders}


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]))))
