"""What the portal keeps of its own: the store's brand, product cards, the language a return was asked
for in, and the one-time sign-in links already used.

returns/ knows nothing of these (it imports nothing from portal/): they hang off its models by
one-to-one keys, so the lifecycle stays the same whether the portal is installed or not.
"""
import re

from django.core.exceptions import ValidationError
from django.db import models

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_colour(value):
    # Only #rrggbb: the value is written into a stylesheet, so nothing else may get through.
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError("Enter a colour as #rrggbb, for example #0b5cad.")


def _relative_luminance(colour: str) -> float:
    def channel(hex_pair):
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


class StoreBrand(models.Model):
    """The store the customer bought from, as the portal, the label and every e-mail show it.

    One row is used (the first); without any row the defaults below apply, so a fresh install
    looks the same as before brands existed.
    """

    name = models.CharField(max_length=100, default="Returns")
    logo = models.ImageField(upload_to="brand/", blank=True,
                             help_text="PNG, JPEG or WebP, shown at most 40 px high.")
    primary_colour = models.CharField(max_length=7, default="#0b5cad", validators=[validate_colour],
                                      help_text="Header, buttons and links, as #rrggbb.")
    text_on_primary = models.CharField(max_length=7, default="#ffffff", validators=[validate_colour],
                                       help_text="Text on the header and buttons, as #rrggbb.")
    support_email = models.EmailField(blank=True)
    support_phone = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "store brand"

    def __str__(self):
        return self.name

    def clean(self):
        # Customers must be able to read the header and buttons (WCAG AA: 4.5:1 for normal text).
        if (HEX_COLOUR.match(self.primary_colour or "") and HEX_COLOUR.match(self.text_on_primary or "")
                and contrast_ratio(self.primary_colour, self.text_on_primary) < 4.5):
            raise ValidationError({"text_on_primary": "This text colour is too hard to read on the primary colour "
                                                      "(contrast below 4.5:1)."})


class ProductCard(models.Model):
    """How a product looks to the customer: its picture and the variant it is (size, colour)."""

    product = models.OneToOneField("returns.Product", on_delete=models.CASCADE, related_name="portal_card")
    image = models.ImageField(upload_to="products/", blank=True)
    # The variant in the customer's words, e.g. "Size M · Navy"; empty for products without variants.
    variant = models.CharField(max_length=100, blank=True)
    # Products with the same key are variants of one article (Odoo's product.template): an exchange
    # offers the others. Empty: no exchange for this product.
    variant_of = models.CharField(max_length=64, blank=True, db_index=True,
                                  help_text="The same key on every size or colour of one article, e.g. TEE-ORG.")
    # Today's price incl. tax, to keep exchanges "same price or cheaper"; empty: the same as paid.
    current_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    def __str__(self):
        return f"card of {self.product}"


class ReturnLanguage(models.Model):
    """The language the customer used when asking for the return: every later e-mail is in it."""

    return_request = models.OneToOneField("returns.ReturnRequest", on_delete=models.CASCADE,
                                          related_name="portal_language")
    language = models.CharField(max_length=10)

    def __str__(self):
        return f"{self.return_request_id}: {self.language}"


class CustomerLanguage(models.Model):
    """The language a customer last used in the portal, for e-mails that belong to no return (sign-in)."""

    customer = models.OneToOneField("returns.Customer", on_delete=models.CASCADE, related_name="portal_language")
    language = models.CharField(max_length=10)

    def __str__(self):
        return f"{self.customer_id}: {self.language}"


class UsedSignInLink(models.Model):
    """A sign-in link's nonce once it was used: the unique key makes each link work exactly once."""

    nonce = models.CharField(max_length=64, unique=True)
    customer = models.ForeignKey("returns.Customer", on_delete=models.CASCADE, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"sign-in link used {self.used_at:%Y-%m-%d %H:%M}"


class ExchangeRule(models.Model):
    """Whether a product category may be exchanged for another variant instead of refunded, and for
    which reasons the portal offers the exchange first (a wrong size)."""

    category = models.OneToOneField("returns.ProductCategory", on_delete=models.CASCADE, related_name="exchange_rule")
    allowed = models.BooleanField(default=True)
    exchange_first_reasons = models.CharField(max_length=200, default="too_small,too_large", blank=True,
                                              help_text="Reason codes, comma-separated.")

    def __str__(self):
        return f"exchanges for {self.category}: {'allowed' if self.allowed else 'not allowed'}"

    @property
    def exchange_first_codes(self) -> set:
        return {code.strip() for code in self.exchange_first_reasons.split(",") if code.strip()}


class VariantStock(models.Model):
    """The last free quantity read from Odoo for a product, shown (marked as such) when Odoo is down."""

    product = models.OneToOneField("returns.Product", on_delete=models.CASCADE, related_name="portal_stock")
    free_qty = models.DecimalField(max_digits=12, decimal_places=3, default=0)
    read_at = models.DateTimeField()

    def __str__(self):
        return f"{self.product}: {self.free_qty} at {self.read_at:%Y-%m-%d %H:%M}"


# ExchangeRequest lives in exchanges.models (the refund side, a lower layer, reads it).
