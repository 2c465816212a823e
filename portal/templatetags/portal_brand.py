"""{% store_brand as brand %}: the store's brand in portal templates (see portal.brand)."""
from django import template

from ..brand import current_brand

register = template.Library()


@register.simple_tag
def store_brand():
    return current_brand()
