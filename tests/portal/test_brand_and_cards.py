"""The store's brand (admin-edited, as CSS variables and in every e-mail) and product cards with the
picture, variant, price paid and last return day."""
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.brand import current_brand
from portal.models import ProductCard, StoreBrand
from tests.factories import create_return
from tests.portal.helpers import jpeg_bytes, lookup

pytestmark = pytest.mark.django_db


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (80, 40), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def brand(media):
    return StoreBrand.objects.create(name="Nordic Threads", primary_colour="#1d4d2b", text_on_primary="#ffffff",
                                     support_email="help@nordic.example", support_phone="+31 20 123 4567",
                                     logo=SimpleUploadedFile("logo.png", png_bytes(), "image/png"))


def test_without_a_brand_the_portal_looks_as_before(client):
    page = client.get("/portal/").content.decode()
    assert "Returns" in page and "brand-logo" not in page
    css = client.get(current_brand().css_path)
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    assert "--brand:#0b5cad" in css.content.decode()


def test_the_brand_colours_come_from_a_stylesheet_not_inline_styles(client, brand):
    page = client.get("/portal/").content.decode()
    assert "Nordic Threads" in page and 'class="brand-logo"' in page
    assert "style=" not in page and "<style" not in page  # the CSP allows no inline styles
    css_path = re.search(r'<link rel="stylesheet" href="(/portal/brand\.css\?v=\d+)">', page).group(1)
    css = client.get(css_path).content.decode()
    assert "--brand:#1d4d2b" in css and "--on-brand:#ffffff" in css
    logo = client.get(re.search(r'src="(/portal/brand/logo\?v=\d+)"', page).group(1))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "help@nordic.example" in page and 'rel="icon"' in page


def test_an_admin_change_shows_at_once(client, brand):
    assert "Nordic Threads" in client.get("/portal/").content.decode()
    brand.name = "Nordic Threads Outlet"
    brand.save()
    assert "Nordic Threads Outlet" in client.get("/portal/").content.decode()


def test_colours_are_validated_so_nothing_else_reaches_the_stylesheet(brand):
    brand.primary_colour = "red;} body{display:none"
    with pytest.raises(ValidationError):
        brand.full_clean()
    # Even a value written around the admin's validation does not get into the CSS.
    StoreBrand.objects.filter(pk=brand.pk).update(primary_colour="#f;}x{a")
    from portal.brand import brand_stylesheet, forget_cached_brand

    forget_cached_brand()
    assert "x{a" not in brand_stylesheet(current_brand()) and current_brand().primary == "#0b5cad"


def test_unreadable_text_on_the_brand_colour_is_refused(brand):
    brand.text_on_primary = "#2a5d3b"
    with pytest.raises(ValidationError) as error:
        brand.full_clean()
    assert "text_on_primary" in error.value.message_dict


def test_every_email_carries_the_brand(brand, alice, alice_order, django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        create_return(alice_order, alice.user, {alice_order.lines.first(): 1})
    message = mail.outbox[-1]
    html = dict((mime, body) for body, mime in message.alternatives)["text/html"]
    assert "Nordic Threads" in html and "background:#1d4d2b" in html and "/portal/brand/logo" in html
    assert "The Nordic Threads returns team" in message.body and "help@nordic.example" in message.body


def test_the_admin_edits_the_brand_and_the_cards(admin_client, brand, tshirt):
    assert admin_client.get(f"/admin/portal/storebrand/{brand.pk}/change/").status_code == 200
    assert admin_client.get("/admin/portal/productcard/add/").status_code == 200


def test_product_cards_show_picture_variant_price_and_last_day(client, alice, alice_order, tshirt, media):
    ProductCard.objects.create(product=tshirt, variant="Size M · Navy",
                               image=SimpleUploadedFile("tee.jpg", jpeg_bytes(size=(200, 200)), "image/jpeg"))
    lookup(client, alice_order, email="alice@example.com")
    page = client.get(f"/portal/orders/{alice_order.number}/").content.decode()
    card = page[page.index("Organic T-shirt M"):]
    assert "Size M · Navy" in card and "Paid 24.20 EUR each" in card and "Return by " in card
    image = re.search(r'<img src="(/portal/products/\d+/image)"', card).group(1)
    response = client.get(image)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    # The jeans have no card: a neutral placeholder, the price and the date still show.
    jeans = page[page.index("Slim jeans 32"):]
    assert 'class="no-image"' in jeans and "Paid 72.60 EUR each" in jeans


def test_a_product_without_a_picture_has_no_image_url(client, tshirt):
    assert client.get(f"/portal/products/{tshirt.pk}/image").status_code == 404
