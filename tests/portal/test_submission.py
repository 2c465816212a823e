"""Sending a return from the portal: the happy path, and bad input that must save nothing."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from inspection.models import Photo
from inspection.storage import private_media_root
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from tests.factories import make_order, make_product
from tests.portal.helpers import (choose_items, files_under, form_token, items_data, jpeg_upload, lookup,
                                  review_token, send)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, alice_order):
    """A browser that looked up Alice's order (no login)."""
    assert lookup(client, alice_order, email="alice@example.com").status_code == 302
    return client


def lines_of(order):
    return list(order.lines.order_by("id"))


def test_a_return_with_a_photo_is_created_authorized_with_its_photo(signed_in, alice_order, media,
                                                                     django_capture_on_commit_callbacks):
    tshirt, _jeans = lines_of(alice_order)
    response = choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective", condition="damaged",
                            photos={tshirt: [jpeg_upload("front.jpg"), jpeg_upload("back.jpg", color=(9, 9, 9))]})
    assert response.status_code == 302 and response["Location"].endswith("/review/")
    review = signed_in.get(f"/portal/orders/{alice_order.number}/review/").content.decode()
    assert "Estimated refund" in review and "2 (front.jpg, back.jpg)" in review
    # Defective is the retailer's fault: no deduction, and shipping (4.95 + 21 %) is refunded too.
    assert "24.20 EUR" in review and "30.19 EUR" in review
    assert ReturnRequest.objects.count() == 0  # nothing exists before the customer sends it

    with django_capture_on_commit_callbacks(execute=True):
        response = send(signed_in, alice_order)
    ret = ReturnRequest.objects.get()
    assert response["Location"] == f"/portal/returns/{ret.rma_number}/confirmation/"
    assert ret.state == ReturnStatus.AUTHORIZED
    line = ret.lines.get()
    assert (line.order_line, line.quantity_requested, line.reason.code) == (tshirt, 1, "defective")
    assert line.condition_note == "Damaged or faulty"
    assert sorted(p.line_id for p in Photo.objects.all()) == [line.pk, line.pk]
    # The staging copies are gone; only the evidence (originals and renditions) remains.
    assert not [p for p in files_under(media) if "portal-staging" in str(p)]
    assert not [p for p in files_under(private_media_root()) if "portal-staging" in str(p)]
    assert ret.events.filter(action="customer_photos").exists()
    page = signed_in.get(response["Location"]).content.decode()
    assert ret.rma_number in page and "What to pack" in page and "label.pdf" in page


def test_quantity_above_what_can_be_returned_is_a_form_error_and_saves_nothing(signed_in, alice_order, media):
    tshirt, _jeans = lines_of(alice_order)
    response = choose_items(signed_in, alice_order, {tshirt: 3})
    assert response.status_code == 400
    page = response.content.decode()
    assert "You can return at most 2 of this item." in page
    assert f'href="#id_line-{tshirt.pk}-quantity"' in page  # the error summary links to the field
    assert "portal_draft" not in signed_in.session
    assert ReturnRequest.objects.count() == 0 and files_under(media) == []


def test_quantity_already_in_another_return_is_not_offered_again(signed_in, alice, alice_order, media):
    from tests.factories import create_return

    tshirt, _jeans = lines_of(alice_order)
    create_return(alice_order, alice.user, {tshirt: 2})
    page = signed_in.get(f"/portal/orders/{alice_order.number}/").content.decode()
    assert "Already in a return request." in page
    response = choose_items(signed_in, alice_order, {tshirt: 1})
    assert response.status_code == 400
    assert "not part of this order or can no longer be returned" in response.content.decode()
    assert ReturnRequest.objects.count() == 1


def test_a_line_from_another_order_is_refused(signed_in, alice_order, bob, tshirt, media):
    bobs_line = make_order(bob, [(tshirt, 1, "20.00")]).lines.get()
    token = form_token(signed_in, alice_order)
    data = items_data(token, {alice_order.lines.first(): 1, bobs_line: 1})
    response = signed_in.post(f"/portal/orders/{alice_order.number}/", data)
    assert response.status_code == 400
    assert "an item that is not part of this order" in response.content.decode()
    assert ReturnRequest.objects.count() == 0 and "portal_draft" not in signed_in.session


@pytest.mark.parametrize("tamper", ["token", "extra_field"])
def test_tampered_hidden_fields_are_refused(signed_in, alice_order, bob, tshirt, media, tamper):
    tshirt_line = alice_order.lines.first()
    data = items_data(form_token(signed_in, alice_order), {tshirt_line: 1})
    if tamper == "token":
        data["form_token"] = "<script>"
        expected = "This form is out of date"
    else:
        other = make_order(bob, [(tshirt, 1, "20.00")]).lines.get()
        data[f"line-{other.pk}-quantity"] = "1"  # a field for a line that is not in the hidden list
        expected = "an item that is not part of this order"
    response = signed_in.post(f"/portal/orders/{alice_order.number}/", data)
    assert response.status_code == 400 and expected in response.content.decode()
    assert "portal_draft" not in signed_in.session


def test_a_tampered_refund_method_or_token_on_the_review_saves_nothing(signed_in, alice_order, media):
    choose_items(signed_in, alice_order, {alice_order.lines.first(): 1})
    response = send(signed_in, alice_order, refund_method="bank_transfer")
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = send(signed_in, alice_order, token="A" * 32)
    assert response.status_code == 400 and "This page is out of date" in response.content.decode()
    assert ReturnRequest.objects.count() == 0


def _png_bomb():
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")  # 48 megapixels in a few kilobytes
    return buffer.getvalue()


@pytest.mark.parametrize("upload, message", [
    (lambda: SimpleUploadedFile("receipt.jpg", b"just some text, not a picture", "image/jpeg"),
     "receipt.jpg: This file is not an image we can read."),
    (lambda: SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"\0" * (15 * 1024 * 1024), "image/jpeg"),
     "huge.jpg: The file is 15.7 MB; the limit is 15 MB."),
    (lambda: SimpleUploadedFile("bomb.png", _png_bomb(), "image/png"), "bomb.png: The image is 48 megapixels"),
])
def test_a_bad_photo_is_a_form_error_and_leaves_no_return_no_photo_no_file(signed_in, alice_order, media, upload,
                                                                          message):
    tshirt = alice_order.lines.first()
    response = choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective",
                            photos={tshirt: [jpeg_upload("good.jpg"), upload()]})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "portal_draft" not in signed_in.session
    assert ReturnRequest.objects.count() == 0 and Photo.objects.count() == 0
    assert files_under(media) == []


def test_a_reason_that_needs_photos_asks_for_one_and_at_most_five(signed_in, alice_order, media):
    tshirt = alice_order.lines.first()
    response = choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective")
    assert response.status_code == 400 and "Add at least one photo" in response.content.decode()
    response = choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective",
                            photos={tshirt: [jpeg_upload(f"p{i}.jpg") for i in range(6)]})
    assert response.status_code == 400 and "Add at most 5 photos per item." in response.content.decode()
    assert files_under(media) == []


def test_nothing_chosen_and_missing_reason_are_explained(signed_in, alice_order, media):
    tshirt = alice_order.lines.first()
    response = choose_items(signed_in, alice_order, {tshirt: 0})
    assert "Choose at least one item to return" in response.content.decode()
    response = choose_items(signed_in, alice_order, {tshirt: 1}, reason="", condition="")
    page = response.content.decode()
    assert "Choose why you are returning this item." in page and "Choose the condition the item is in." in page


def test_a_double_submission_creates_one_return_and_shows_it_twice(signed_in, alice_order, media):
    tshirt = alice_order.lines.first()
    choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective", photos={tshirt: [jpeg_upload()]})
    token = review_token(signed_in, alice_order)
    first = send(signed_in, alice_order, token=token)
    second = send(signed_in, alice_order, token=token)  # the resend or second click
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ReturnRequest.objects.count() == 1 and Photo.objects.count() == 1
    assert ReturnRequest.objects.get().idempotency_key == f"portal-{token}"


def test_going_back_keeps_choices_and_photos_until_replaced(signed_in, alice_order, media):
    tshirt = alice_order.lines.first()
    choose_items(signed_in, alice_order, {tshirt: 1}, reason="defective", photos={tshirt: [jpeg_upload("a.jpg")]})
    page = signed_in.get(f"/portal/orders/{alice_order.number}/").content.decode()
    assert "Already added:" in page and "a.jpg" in page
    token = form_token(signed_in, alice_order)
    # Sent again without new photos: the staged photo still satisfies "photo required".
    assert choose_items(signed_in, alice_order, {tshirt: 2}, reason="defective", token=token).status_code == 302
    # A staged photo is the customer's original (GPS and all): private storage, never public media.
    assert len([p for p in files_under(private_media_root()) if "portal-staging" in str(p)]) == 1
    assert not [p for p in files_under(media) if "portal-staging" in str(p)]
    assert send(signed_in, alice_order).status_code == 302
    assert ReturnRequest.objects.get().lines.get().quantity_requested == 2 and Photo.objects.count() == 1


def test_outside_the_window_needs_an_exception_message_and_goes_to_an_agent(client, alice, tshirt, media):
    old = make_order(alice, [(tshirt, 1, "20.00")], delivered_days_ago=45)
    lookup(client, old, email="alice@example.com")
    page = client.get(f"/portal/orders/{old.number}/").content.decode()
    assert "return window closed on" in page and "ask us for an exception" in page
    choose_items(client, old, {old.lines.get(): 1})
    review = client.get(f"/portal/orders/{old.number}/review/").content.decode()
    assert "Outside our return policy" in review and "Send exception request" in review
    response = send(client, old)
    assert response.status_code == 400 and "Tell us why we should accept this return" in response.content.decode()
    assert ReturnRequest.objects.count() == 0
    response = send(client, old, exception_message="I was abroad for work until last week.")
    ret = ReturnRequest.objects.get()
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    assert ret.exception_message == "I was abroad for work until last week."
    page = client.get(response["Location"]).content.decode()
    assert "waiting for approval" in page and "Please do not send anything yet" in page


def test_final_sale_and_undelivered_lines_say_why(client, alice, media):
    swimsuit = make_product("SWIM-38", final_sale=True, name="Swimsuit 38")
    jacket = make_product("JACKET-M", name="Rain jacket M")
    order = make_order(alice, [(swimsuit, 1, "39.00")])
    pending = make_order(alice, [(jacket, 1, "129.00")], delivered_days_ago=None)
    lookup(client, order, email="alice@example.com")
    lookup(client, pending, email="alice@example.com")
    assert "Final sale: this item cannot be returned" in client.get(f"/portal/orders/{order.number}/").content.decode()
    page = client.get(f"/portal/orders/{pending.number}/").content.decode()
    assert "Not delivered yet." in page and "Continue to review" not in page


def test_a_value_above_the_automatic_limit_is_explained_and_waits_for_an_agent(client, alice, media):
    from returns.models import ReturnPolicy

    ReturnPolicy.objects.filter(name="Default").update(approval_value_threshold=50)
    order = make_order(alice, [(make_product("COAT-L"), 1, "120.00")])
    lookup(client, order, email="alice@example.com")
    choose_items(client, order, {order.lines.get(): 1})
    review = client.get(f"/portal/orders/{order.number}/review/").content.decode()
    assert "Because of the value of this return" in review
    send(client, order)
    assert ReturnRequest.objects.get().state == ReturnStatus.PENDING_APPROVAL
