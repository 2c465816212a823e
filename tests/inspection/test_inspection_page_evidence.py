"""The inspection page keeps what the inspector chose after a refused save, says before saving
that a grade below A needs a photo, and counts the customer's photos as evidence when policy says so."""
import re

import pytest

from inspection.services import return_line_inspect
from tests.inspection.helpers import check_all

pytestmark = pytest.mark.django_db


def by_sku(ret):
    return {line.product.sku: line for line in ret.lines.select_related("product")}


def line_url(ret, line):
    return f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/"


def customer_photo(line, customer):
    from django.db import transaction

    from inspection.demo import demo_photo
    from inspection.evidence import files_removed_on_error, photo_store

    with files_removed_on_error() as stored, transaction.atomic():
        return photo_store(upload=demo_photo(line.product.sku), kind="customer", uploaded_by=customer,
                           stored=stored, return_request=line.request, line=line)


def photo_needed_shown(page: str) -> bool:
    notice = re.search(r'<p class="notice photo-needed"[^>]*>', page).group(0)
    return " hidden" not in notice


def test_a_refused_disposition_keeps_what_was_chosen_and_the_page_said_a_photo_was_needed(client, ivan, inspecting,
                                                                                         media):
    jeans = by_sku(inspecting)["JEANS-32"]
    check_all(jeans, ivan, grade="F", answer="no")
    client.force_login(ivan)
    before = client.get(line_url(inspecting, jeans)).content.decode()
    assert photo_needed_shown(before) and "A photo is needed" in before

    refused = client.post(line_url(inspecting, jeans) + "decide/", {
        "disposition": "vendor_return", "quantity_accepted": "1", "note": "Zip torn off",
        "override_reason": ""})
    page = refused.content.decode()
    assert refused.status_code == 400 and "A grade F item needs at least one photo as evidence" in page
    assert re.search(r'value="vendor_return" required\s+checked', page), "the chosen disposition was cleared"
    assert ">Zip torn off</textarea>" in page
    assert re.search(r'name="quantity_accepted" min="0" max="1"\s+value="1"', page)
    jeans.refresh_from_db()
    assert jeans.disposition == ""


def test_customer_photos_count_as_evidence_only_when_policy_says_so(settings, client, alice, ivan, inspecting, media):
    jeans = by_sku(inspecting)["JEANS-32"]
    check_all(jeans, ivan, grade="F", answer="no")
    photo = customer_photo(jeans, alice.user)
    from inspection.errors import EvidenceRequired

    with pytest.raises(EvidenceRequired):
        return_line_inspect(line_id=jeans.pk, actor=ivan, grade="F", disposition="vendor_return", quantity_accepted=1)

    settings.RETURNFLOW = {**settings.RETURNFLOW, "CUSTOMER_PHOTOS_COUNT_AS_EVIDENCE": True}
    from inspection.models import Photo

    Photo.objects.filter(pk=photo.pk).update(status="ready")
    client.force_login(ivan)
    page = client.get(line_url(inspecting, jeans)).content.decode()
    assert not photo_needed_shown(page)
    assert "customer photo · counts as evidence" in page
    line = return_line_inspect(line_id=jeans.pk, actor=ivan, grade="F", disposition="vendor_return",
                               quantity_accepted=1)
    assert line.disposition == "vendor_return"
