"""What a product card shows: the picture, the variant, the price the customer paid (tax included,
formatted for their language) and the last day it can be returned."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import number_format

from .models import ProductCard


@dataclass(frozen=True)
class CardView:
    name: str
    image_path: str
    variant: str
    price_paid: str
    until: str


def money_text(amount, currency) -> str:
    """29,90 EUR in German and French, 29.90 EUR in English: the separators of the active language."""
    return f"{number_format(amount, 2, use_l10n=True)} {currency}"


def cards_by_product(product_ids) -> dict:
    return {card.product_id: card for card in ProductCard.objects.filter(product_id__in=set(product_ids))}


def card_view(order_line, cards: dict, until: str = "") -> CardView:
    card = cards.get(order_line.product_id)
    image = reverse("portal:product_image", args=[order_line.product_id]) if card and card.image else ""
    return CardView(order_line.product.name, image, card.variant if card else "",
                    money_text(order_line.unit_price_incl_tax, order_line.order.currency), until)
