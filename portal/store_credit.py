"""The customer's store credit balance, shown on the status page of a store-credit return.

It is the credit booked by refunded store-credit returns (bonus included), which Odoo holds as
open credit notes (outstanding credit, API_FACTS-odoo18-round2.md §3c) until the next invoice
uses it; Odoo does not apply it by itself. Read locally so the page never waits on Odoo.
"""
from django.db.models import Sum


def store_credit_balance(customer) -> list[dict]:
    """[{"currency", "amount"}] per currency, empty when the customer has none."""
    from refunds.models import StoreCredit

    rows = (StoreCredit.objects.filter(customer=customer).values("currency").annotate(amount=Sum("amount"))
            .order_by("currency"))
    return [{"currency": row["currency"], "amount": row["amount"]} for row in rows if row["amount"]]
