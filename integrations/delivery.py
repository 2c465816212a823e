"""Delivery of outbox postings to Odoo.

Until Odoo is configured (ODOO_URL empty), postings wait in the outbox as `pending`: nothing is
dropped, and the support pages say so.
"""
from django.conf import settings


def odoo_configured() -> bool:
    return bool(settings.ODOO["URL"])


def deliver_posting(posting_id: int) -> None:
    if not odoo_configured():
        return
    raise NotImplementedError("Odoo delivery is built in the integration issue.")
