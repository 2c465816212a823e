"""The models of the sandbox, bound per Odoo version by ``build_registry``."""

from __future__ import annotations

from functools import cache

from ..dialects import get_dialect
from ..orm import Registry
from . import (
    account,
    base,
    mail,
    payment,
    product,
    purchase,
    sale,
    stock_base,
    stock_extra,
    stock_lot,
    stock_move,
    stock_picking,
)

ALL_MODELS = (base.MODELS + product.MODELS + stock_base.MODELS + stock_move.MODELS + stock_picking.MODELS
              + stock_extra.MODELS + stock_lot.MODELS + sale.MODELS + account.MODELS + payment.MODELS + mail.MODELS
              + purchase.MODELS)
purchase.extend(ALL_MODELS)  # purchase_stock's links on moves, pickings and bill lines
mail.add_mail_thread(ALL_MODELS)  # message_post and the chatter fields on the documents that have one


@cache
def build_registry(version):
    """One registry per version; it holds no data, so servers can share it."""
    return Registry(get_dialect(version), ALL_MODELS)
