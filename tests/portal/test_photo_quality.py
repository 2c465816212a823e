"""A blurry or dark photo is pointed out on the review page, in the customer's language, and may still
be sent: advice, never a refusal (the photo still shows the warehouse something)."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from portal.photo_quality import BLURRY, DARK, photo_quality
from tests.portal.helpers import choose_items, lookup, send

pytestmark = pytest.mark.django_db


def photo(name, *, sharp=True, bright=True):
    image = Image.new("RGB", (640, 480), (200, 200, 200) if bright else (20, 20, 20))
    if sharp:
        draw = ImageDraw.Draw(image)
        for x in range(0, 640, 16):  # hard edges: a high variance of the Laplacian
            draw.line([(x, 0), (x, 480)], fill=(0, 0, 0) if bright else (120, 120, 120), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def test_the_measures_tell_blurry_and_dark_apart():
    assert photo_quality(photo("ok.jpg")) == []
    assert photo_quality(photo("flat.jpg", sharp=False)) == [BLURRY]
    assert photo_quality(photo("night.jpg", bright=False)) == [DARK]
    assert photo_quality(photo("both.jpg", sharp=False, bright=False)) == [BLURRY, DARK]
    assert photo_quality(SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")) == []


@pytest.mark.parametrize("language, words", [("en", "night.jpg looks dark: you may take it again with more light."),
                                             ("de", "night.jpg wirkt dunkel")])
def test_the_review_page_suggests_a_retake_and_still_sends(client, alice_order, media, language, words):
    client.cookies["django_language"] = language
    assert lookup(client, alice_order, email="alice@example.com").status_code == 302
    tshirt = alice_order.lines.first()
    choose_items(client, alice_order, {tshirt: 1}, reason="defective", condition="damaged",
                 photos={tshirt: [photo("good.jpg"), photo("night.jpg", bright=False)]})
    review = client.get(f"/portal/orders/{alice_order.number}/review/").content.decode()
    assert words in review
    assert "good.jpg looks" not in review and "good.jpg wirkt" not in review
    assert send(client, alice_order).status_code == 302  # sent anyway
