"""Demo data: a catalogue, customers, shipped and invoiced orders, and returns in every state.

Idempotent: running it again changes nothing that exists (matching by SKU, username, order
number), so `make run` can call it every time.
"""
import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from returns import roles
from returns.choices import ReturnStatus
from returns.demo.catalogue import CATEGORIES, CUSTOMERS, PRODUCTS, REASONS
from returns.models import (Customer, Product, ProductCategory, ReasonCode, ReturnPolicy, ReturnRequest,
                            SalesOrder, SalesOrderLine)

DEMO_PASSWORD = "demo1234"
STAFF = [
    # username, full name, role
    ("inspector", "Ines Warehouse", roles.INSPECTOR),
    ("support", "Sam Support", roles.SUPPORT),
    ("finance", "Fiona Finance", roles.FINANCE),
]
TAX = Decimal("0.21")


class Command(BaseCommand):
    help = "Load demo catalogue, customers, orders and returns in every state (idempotent)."

    def handle(self, *args, **options):
        roles.sync_roles()
        with transaction.atomic():
            self._catalogue()
            users = self._users()
            orders = self._orders()
        made = self._returns(users, orders)
        from inspection.demo import seed_inspection_demo

        # A short receipt, a serial-mismatch hold and a parcel without an RMA for the tablet and console.
        seed_inspection_demo()
        from inspection.grading_demo import seed_grading_trees

        seed_grading_trees()  # the tablet's guided grading questions for apparel, electronics and home goods
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {Product.objects.count()} products, {SalesOrder.objects.count()} orders, "
            f"{made} new returns."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in ["  customer   alice      → /portal/  (order S10002, e-mail alice@example.com)",
                     "  inspector  inspector  → /inspect/",
                     "  support    support    → /support/",
                     "  finance    finance    → /support/",
                     "  admin      admin      → /admin/"]:
            self.stdout.write(line)

    # --- reference data ---------------------------------------------------------------------
    def _catalogue(self):
        cats = {code: ProductCategory.objects.get_or_create(code=code, defaults={"name": name})[0]
                for code, name in CATEGORIES}
        for odoo_id, (sku, name, cat, _price, serialized, final) in enumerate(PRODUCTS, start=100):
            Product.objects.get_or_create(sku=sku, defaults={
                "name": name, "category": cats[cat], "serialized": serialized, "final_sale": final,
                "barcode": f"20{odoo_id:011d}", "odoo_product_id": odoo_id})
        for order, (code, label, fault, photo) in enumerate(REASONS):
            ReasonCode.objects.get_or_create(code=code, defaults={
                "label": label, "retailer_fault": fault, "requires_photo": photo, "sort_order": order})
        ReturnPolicy.objects.get_or_create(name="Standard 30 days", defaults={
            "window_days": 30, "restocking_fee_percent": Decimal("0"), "approval_value_threshold": Decimal("750")})
        ReturnPolicy.objects.get_or_create(name="Electronics 14 days", category=cats["electronics"], defaults={
            "window_days": 14, "restocking_fee_percent": Decimal("10"), "approval_value_threshold": Decimal("500")})
        ReturnPolicy.objects.get_or_create(name="Marketplace 14 days", channel="marketplace", defaults={
            "window_days": 14, "approval_value_threshold": Decimal("500")})

    def _users(self):
        User = get_user_model()
        users = {}
        for username, full, role in STAFF:
            user, created = User.objects.get_or_create(username=username, defaults={
                "first_name": full.split()[0], "last_name": full.split()[1], "email": f"{username}@returnflow.example"})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[username] = user
        admin, created = User.objects.get_or_create(username="admin", defaults={
            "is_staff": True, "is_superuser": True, "email": "admin@returnflow.example"})
        if created:
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        for odoo_id, (username, name, email, postcode) in enumerate(CUSTOMERS, start=200):
            user, created = User.objects.get_or_create(username=username, defaults={
                "first_name": name.split()[0], "last_name": name.split()[1], "email": email})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            user.groups.add(Group.objects.get(name=roles.CUSTOMER))
            Customer.objects.get_or_create(user=user, defaults={
                "email": email, "name": name, "postcode": postcode, "odoo_partner_id": odoo_id})
        users["system"] = User.objects.get(username="returnflow-system")
        return users

    def _orders(self):
        rng = random.Random(2026)
        products = list(Product.objects.order_by("sku"))
        now = timezone.now()
        orders = []
        number = 10001
        for customer in Customer.objects.order_by("pk"):
            for days_ago in (2, 4, 6, 9, 11, 13, 20, 26, 45, 60):
                picks = rng.sample(products, rng.randint(1, 3))
                order, created = SalesOrder.objects.get_or_create(number=f"S{number}", defaults={
                    "customer": customer, "channel": "marketplace" if number % 5 == 0 else "web", "currency": "EUR",
                    "ordered_at": now - timedelta(days=days_ago + 3), "delivered_at": now - timedelta(days=days_ago),
                    "shipping_amount": Decimal("4.95"), "shipping_tax_rate": TAX,
                    "shipping_postcode": customer.postcode, "invoice_number": f"INV/2026/{number:05d}",
                    "odoo_order_id": number, "odoo_invoice_id": number})
                if created:
                    for i, product in enumerate(picks):
                        qty = 1 if product.serialized else rng.randint(1, 3)
                        price = next(p[3] for p in PRODUCTS if p[0] == product.sku)
                        SalesOrderLine.objects.create(
                            order=order, product=product, quantity_ordered=qty, quantity_delivered=qty,
                            quantity_invoiced=qty, unit_price=Decimal(price), tax_rate=TAX,
                            odoo_line_id=number * 10 + i, odoo_move_id=number * 10 + i,
                            serial_numbers=[f"SN{number}{i}{u:02d}" for u in range(qty)] if product.serialized else [])
                orders.append(order)
                number += 1
        return orders

    # --- returns in every state ------------------------------------------------------------------
    def _returns(self, users, orders):
        from returns.services.creation import LineInput, return_create

        targets = [
            ReturnStatus.REQUESTED, ReturnStatus.PENDING_APPROVAL, ReturnStatus.REJECTED, ReturnStatus.AUTHORIZED,
            ReturnStatus.IN_TRANSIT, ReturnStatus.RECEIVED, ReturnStatus.INSPECTING, ReturnStatus.INSPECTED,
            ReturnStatus.REFUND_PENDING_APPROVAL, ReturnStatus.REFUND_APPROVED, ReturnStatus.REFUNDED,
            ReturnStatus.CLOSED, ReturnStatus.CANCELLED, ReturnStatus.EXPIRED,
        ]
        # Alice keeps her recent orders free so that a newcomer can start a return at once.
        candidates = [o for o in orders if o.customer.user.username != "alice" and o.delivered_at]
        recent = [o for o in candidates if (timezone.now() - o.delivered_at).days < 14]
        old = [o for o in candidates if (timezone.now() - o.delivered_at).days > 30]
        made = 0
        for target in targets:
            pool = old if target in (ReturnStatus.PENDING_APPROVAL, ReturnStatus.REJECTED) else recent
            order = next((o for o in pool if not o.returns.exists()
                          and not o.lines.filter(product__final_sale=True).exists()), None)
            key = f"demo-{target}"
            if order is None or ReturnRequest.objects.filter(idempotency_key=key).exists():
                continue
            pool.remove(order)
            lines = [LineInput(order_line_id=line.pk, quantity=line.quantity_delivered,
                               reason_code="defective" if line.product.serialized else "too_small")
                     for line in order.lines.all()]
            ret = return_create(order=order, actor=order.customer.user, lines=lines,
                                exception_message="I was travelling." if pool is old else "",
                                auto_review=target != ReturnStatus.REQUESTED, idempotency_key=key)
            self._advance(ret, target, users)
            made += 1
        return made

    def _advance(self, ret, target, users):
        from inspection.demo import demo_inspect
        from returns.services import lifecycle as lc

        S = ReturnStatus
        ins, sup, fin, system = users["inspector"], users["support"], users["finance"], users["system"]
        rid = ret.pk
        if target == S.REJECTED:
            lc.return_reject(return_id=rid, actor=sup, reason="outside_policy", note="Window long closed.")
            return
        if target in (S.REQUESTED, S.PENDING_APPROVAL, S.AUTHORIZED):
            return
        if ret.state == S.PENDING_APPROVAL:
            lc.return_approve(return_id=rid, actor=sup, reason="goodwill")
        if target == S.CANCELLED:
            lc.return_cancel(return_id=rid, actor=ret.customer.user, reason="changed_mind")
            return
        if target == S.EXPIRED:
            lc.return_expire(return_id=rid, actor=system, note="Label not used within 30 days")
            return
        lc.return_mark_shipped(return_id=rid, actor=ret.customer.user, carrier="DHL", tracking_number=f"JD{rid:08d}")
        if target == S.IN_TRANSIT:
            return
        lc.return_receive(return_id=rid, actor=ins,
                          quantities={line.pk: line.quantity_requested for line in ret.lines.all()})
        if target == S.RECEIVED:
            return
        lc.return_start_inspection(return_id=rid, actor=ins)
        if target == S.INSPECTING:
            return
        # Grade A, or B for serialized products, all restocked; under the inspection rules that means
        # a photo for grade B and support's approval of high-value lines.
        demo_inspect(ret, ins, sup)
        lc.return_complete_inspection(return_id=rid, actor=ins)
        if target == S.INSPECTED:
            return
        if target == S.REFUND_PENDING_APPROVAL:
            lc.return_request_refund_approval(return_id=rid, actor=sup, note="Large refund")
            return
        lc.return_release_refund(return_id=rid, actor=sup) if self._small(rid) else self._two_person(rid, sup, fin)
        if target == S.REFUND_APPROVED:
            return
        lc.return_mark_refunded(return_id=rid, actor=system, credit_note_name=f"RINV/2026/{rid:05d}")
        if target == S.CLOSED:
            lc.return_close(return_id=rid, actor=system)

    @staticmethod
    def _small(rid):
        from django.conf import settings

        from returns.models import ReturnRequest

        return ReturnRequest.objects.get(pk=rid).refund_amount <= settings.RETURNFLOW["TWO_PERSON_REFUND_THRESHOLD"]

    @staticmethod
    def _two_person(rid, proposer, approver):
        from returns.services import lifecycle as lc

        lc.return_request_refund_approval(return_id=rid, actor=proposer)
        lc.return_approve_refund(return_id=rid, actor=approver)
