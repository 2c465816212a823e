"""Orders in: read a sale order from Odoo and keep a local snapshot of it.

The portal and support look orders up by number and the customer's e-mail (or postcode). A
snapshot younger than settings.ODOO_ORDER_MAX_AGE_SECONDS is used as it is; an older one is
refreshed on lookup. Quantities that bound a return (delivered, invoiced) are re-read from Odoo
again when the receipt and the credit note are posted, so a stale snapshot can never cause an
over-return or over-credit in Odoo.
"""
from datetime import datetime, timedelta
from datetime import UTC
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from returns.models import Customer, Product, ProductCategory, SalesOrder, SalesOrderLine

from .gateway import odoo_client, odoo_configured

ORDER_FIELDS = ["name", "partner_id", "client_order_ref", "state", "order_line", "picking_ids", "invoice_ids",
                "currency_id", "date_order"]


def _odoo_datetime(value):
    if not value:
        return None
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def _matches(partner, email, postcode):
    if email and (partner.get("email") or "").strip().lower() == email.strip().lower():
        return True
    normalize = lambda s: "".join((s or "").split()).upper()  # noqa: E731
    return bool(postcode) and normalize(partner.get("zip")) == normalize(postcode)


def fetch_order(number: str, *, email: str = "", postcode: str = ""):
    """The order from Odoo if its customer's e-mail or postcode matches, else None."""
    client = odoo_client()
    found = client.search_read("sale.order", [("name", "=", number)], ORDER_FIELDS, limit=1)
    if not found:
        return None
    so = found[0]
    partner = client.read_one("res.partner", so["partner_id"][0], ["name", "email", "zip"])
    if not _matches(partner, email, postcode):
        return None
    dialect = client.dialect
    lines = [dialect.normalize_sale_line(row) for row in
             client.search_read("sale.order.line", [("order_id", "=", so["id"])], dialect.sale_line_fields())]
    tax_ids = sorted({t for line in lines for t in line.get("tax_ids") or []})
    taxes = {t["id"]: t for t in client.read("account.tax", tax_ids, ["amount", "amount_type"])} if tax_ids else {}
    pickings = client.search_read("stock.picking", [("sale_id", "=", so["id"]), ("picking_type_code", "=", "outgoing"),
                                                    ("state", "=", "done")], ["date_done", "move_ids"])
    moves = client.search_read("stock.move", [("picking_id", "in", [p["id"] for p in pickings])],
                               ["sale_line_id", "product_id"]) if pickings else []
    invoices = client.search_read("account.move", [("id", "in", so["invoice_ids"]), ("move_type", "=", "out_invoice"),
                                                   ("state", "=", "posted")],
                                  ["name"], limit=1) if so["invoice_ids"] else []
    product_ids = sorted({line["product_id"][0] for line in lines if line.get("product_id")})
    products = {p["id"]: p for p in client.read("product.product", product_ids, ["default_code", "name"])}
    return {"order": so, "partner": partner, "lines": lines, "taxes": taxes, "pickings": pickings, "moves": moves,
            "invoice": invoices[0] if invoices else None, "products": products}


def _tax_rate(tax_ids, taxes) -> Decimal:
    rate = Decimal("0")
    for tax_id in tax_ids or []:
        tax = taxes.get(tax_id)
        if tax and tax.get("amount_type", "percent") == "percent":
            rate += Decimal(str(tax["amount"])) / 100
    return rate


def _product(odoo_product):
    product = Product.objects.filter(odoo_product_id=odoo_product["id"]).first()
    if product is not None:
        return product
    category, _ = ProductCategory.objects.get_or_create(code="uncategorized", defaults={"name": "Uncategorized"})
    sku = odoo_product.get("default_code") or f"ODOO-{odoo_product['id']}"
    product, _ = Product.objects.get_or_create(sku=sku, defaults={
        "name": odoo_product["name"], "category": category, "odoo_product_id": odoo_product["id"]})
    return product


def _customer(partner):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from returns.roles import CUSTOMER

    customer = Customer.objects.filter(odoo_partner_id=partner["id"]).first()
    if customer is not None:
        return customer
    User = get_user_model()
    user = User.objects.create_user(username=f"odoo-partner-{partner['id']}", email=partner.get("email") or "")
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=CUSTOMER))
    return Customer.objects.create(user=user, email=partner.get("email") or "", name=partner["name"],
                                   postcode=partner.get("zip") or "", odoo_partner_id=partner["id"])


@transaction.atomic
def save_snapshot(data) -> SalesOrder:
    so = data["order"]
    delivered = [_odoo_datetime(p["date_done"]) for p in data["pickings"] if p.get("date_done")]
    order, _ = SalesOrder.objects.update_or_create(number=so["name"], defaults={
        "customer": _customer(data["partner"]),
        "currency": (so.get("currency_id") or [0, settings.RETURNFLOW["DEFAULT_CURRENCY"]])[1][:3],
        "ordered_at": _odoo_datetime(so.get("date_order")) or timezone.now(),
        "delivered_at": max(delivered) if delivered else None,
        "invoice_number": data["invoice"]["name"] if data["invoice"] else "",
        "odoo_order_id": so["id"], "odoo_invoice_id": data["invoice"]["id"] if data["invoice"] else None,
        "shipping_postcode": data["partner"].get("zip") or "", "synced_at": timezone.now(),
    })
    moves_by_line = {m["sale_line_id"][0]: m["id"] for m in data["moves"] if m.get("sale_line_id")}
    received, credited = _already_posted(order)
    for line in data["lines"]:
        if not line.get("product_id"):
            continue  # section and note lines
        # Odoo lowers qty_delivered / qty_invoiced as returns are received and credited; the
        # snapshot keeps what was originally delivered and invoiced, as returnable units and
        # refund caps are computed from that minus this app's own returns.
        SalesOrderLine.objects.update_or_create(order=order, odoo_line_id=line["id"], defaults={
            "product": _product(data["products"][line["product_id"][0]]),
            "quantity_ordered": max(0, int(line["product_uom_qty"])),
            "quantity_delivered": max(0, int(line["qty_delivered"]) + received.get(line["id"], 0)),
            "quantity_invoiced": max(0, int(line["qty_invoiced"]) + credited.get(line["id"], 0)),
            "unit_price": Decimal(str(line["price_unit"])).quantize(Decimal("0.01")),
            "tax_rate": _tax_rate(line.get("tax_ids"), data["taxes"]),
            "odoo_move_id": moves_by_line.get(line["id"]),
        })
    return order


def _already_posted(order):
    """Units this app's receipts and credit notes have already taken off each Odoo sale line."""
    from .models import OdooPosting, PostingKind, PostingState

    received, credited = {}, {}
    if order.pk is None:
        return received, credited
    for posting in OdooPosting.objects.filter(request__order=order, state=PostingState.SENT,
                                              kind__in=[PostingKind.RECEIPT, PostingKind.CREDIT_NOTE]):
        target = received if posting.kind == PostingKind.RECEIPT else credited
        for line in posting.payload.get("lines", []):
            if line.get("odoo_sale_line_id"):
                target[line["odoo_sale_line_id"]] = target.get(line["odoo_sale_line_id"], 0) + int(line["quantity"])
    return received, credited


def refresh_order(number: str, *, email: str = "", postcode: str = ""):
    """Look the order up in Odoo and update its snapshot; None when Odoo does not know it (for
    that e-mail or postcode) or is not configured."""
    if not odoo_configured():
        return None
    data = fetch_order(number, email=email, postcode=postcode)
    return save_snapshot(data) if data else None


def snapshot_is_fresh(order) -> bool:
    if order.synced_at is None:
        return True  # entered locally (demo data, imports): nothing to refresh it from
    return timezone.now() - order.synced_at < timedelta(seconds=settings.ODOO_ORDER_MAX_AGE_SECONDS)


class OdooOrderSource:
    """The portal's order lookup refreshes snapshots through this (returns.orders.register_order_source)."""

    def is_fresh(self, order) -> bool:
        return snapshot_is_fresh(order)

    def refresh(self, number: str, *, email: str = "", postcode: str = ""):
        from returns.orders import OrderSourceUnavailable

        from .odoo import OdooError

        try:
            return refresh_order(number, email=email, postcode=postcode)
        except OdooError as exc:
            raise OrderSourceUnavailable(str(exc)) from exc
