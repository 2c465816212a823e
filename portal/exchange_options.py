"""Which variants a returned line may be exchanged for, by the shop's exchange rules:

- the product has a card with a variant key (`ProductCard.variant_of`), and its category's
  ExchangeRule allows exchanges (no rule: not allowed, so nothing changes until a shop opts in);
- the replacement is another variant of the same article in the same category;
- it costs the same or less than what the customer paid (ProductCard.current_price, empty = the same):
  a cheaper one's difference is refunded through the normal refund;
- it is in stock for the quantity asked (Odoo's free quantity, or the last reading when Odoo is down).

"Exchange first" is offered when the reason is one of the category's size reasons (Too small/Too large).
"""
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from .exchange_stock import StockReading, read_free_quantity
from .models import ExchangeRule, ProductCard
from .product_cards import money_text


@dataclass(frozen=True)
class ExchangeOption:
    card: ProductCard
    stock: StockReading
    price_difference: Decimal  # paid - replacement price, per unit (>= 0): refunded

    @property
    def product(self):
        return self.card.product

    @property
    def value(self) -> str:
        return str(self.card.product_id)

    def available_for(self, quantity: int) -> bool:
        return self.stock.covers(max(1, quantity))

    def label(self, currency: str, quantity: int = 1) -> str:
        name = self.card.variant or self.card.product.name
        if not self.available_for(quantity):
            text = _("%(variant)s – out of stock") % {"variant": name}
        elif self.stock.live:
            text = _("%(variant)s – in stock") % {"variant": name}
        else:
            text = _("%(variant)s – in stock when last checked") % {"variant": name}
        if self.price_difference > 0:
            text += " " + _("(%(amount)s back)") % {"amount": money_text(self.price_difference, currency)}
        return text


def exchanges_enabled() -> bool:
    """On unless PORTAL_EXCHANGES_ENABLED = False: the refund side nets exchanged units out
    (refunds.exchange_netting) and the replacement is ordered through the outbox."""
    return bool(getattr(settings, "PORTAL_EXCHANGES_ENABLED", True))


def _rule(category_id):
    return ExchangeRule.objects.filter(category_id=category_id).first()


def exchange_options(order_line) -> list[ExchangeOption]:
    product = order_line.product
    card = ProductCard.objects.filter(product=product).first()
    rule = _rule(product.category_id)
    if card is None or not card.variant_of or rule is None or not rule.allowed:
        return []
    paid = order_line.unit_price_incl_tax
    options = []
    siblings = (ProductCard.objects.filter(variant_of=card.variant_of, product__category_id=product.category_id)
                .exclude(product=product).select_related("product").order_by("product__sku"))
    for sibling in siblings:
        price = sibling.current_price if sibling.current_price is not None else paid
        if price > paid or sibling.product.final_sale:
            continue  # never dearer: the customer pays nothing more through a return
        options.append(ExchangeOption(sibling, read_free_quantity(sibling.product), paid - price))
    return options


def exchange_first(order_line, reason_code: str) -> bool:
    """Offer the exchange before the refund: the reason says the size was wrong."""
    rule = _rule(order_line.product.category_id)
    return bool(rule and rule.allowed and reason_code in rule.exchange_first_codes)


def option_for(options, value) -> ExchangeOption | None:
    return next((option for option in options if option.value == str(value or "")), None)
