"""Guided grading: trees as versioned data, one answer per step with optimistic versions, the suggested
disposition and its override, on PostgreSQL through the services and the tablet's pages."""
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from inspection.errors import StaleForm
from inspection.grading import grading_answer, grading_back, grading_decide, suggested_disposition
from inspection.grading_demo import APPAREL, seed_grading_trees
from inspection.grading_tree import tree_for, validate_tree
from inspection.models import GradingTree, HoldKind, LicensePlate, UnitInspection
from inspection.workflow import missing_steps
from returns.errors import InvalidReturnRequest
from tests.inspection.helpers import add_photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees(catalogue):
    from returns.models import ProductCategory

    ProductCategory.objects.get_or_create(code="home", defaults={"name": "Home goods"})
    return seed_grading_trees()


def _line(ret, sku):
    return ret.lines.select_related("product").get(product__sku=sku)


def _answer(line, actor, question, answer, unit=0, **kwargs):
    record = UnitInspection.objects.get(line=line, unit_index=unit)
    return grading_answer(line_id=line.pk, unit_index=unit, actor=actor, expected_version=record.version,
                          question=question, answer=answer, **kwargs)


def _version(line):
    return UnitInspection.objects.get(line=line, unit_index=0).version


def test_default_trees_are_valid_and_seeded_once(trees):
    assert sorted(t.category.code for t in trees) == ["apparel", "electronics", "home"]
    assert seed_grading_trees() == []
    assert GradingTree.objects.count() == 3


@pytest.mark.parametrize("broken, words", [
    ({"start": "x", "questions": {}}, "'start' must name"),
    ({"start": "a", "questions": {"a": {"text": "?", "answers": [{"code": "y", "label": "Y", "next": "b"}]}}},
     "does not exist"),
    ({"start": "a", "questions": {"a": {"text": "?", "answers": [{"code": "y", "label": "Y", "grade": "A"}]}}},
     "needs a disposition"),
    ({"start": "a", "questions": {"a": {"text": "?", "answers": [{"code": "y", "label": "Y", "next": "a"}]}}},
     "lead back"),
])
def test_a_broken_tree_is_refused_with_the_reason(broken, words):
    with pytest.raises(ValidationError) as caught:
        validate_tree(broken)
    assert words in " ".join(caught.value.messages)


def test_sealed_item_one_answer_gives_grade_a_restock_and_a_plate_per_unit(trees, inspecting, ivan):
    line = _line(inspecting, "TSHIRT-M")
    record, cleared = _answer(line, ivan, "state", "sealed")
    assert (record.grade, cleared, record.grading_tree.category.code) == ("A", False, "apparel")
    assert suggested_disposition(line) == ("A", "restock")
    assert missing_steps(line) == []  # no flat checklist to answer
    line, plates = grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line))
    assert (line.grade, line.disposition, line.quantity_accepted) == ("A", "restock", 2)
    assert [p.unit_index for p in plates] == [1, 2] and len({p.code for p in plates}) == 2
    # Deciding again keeps the same plates: a printed label stays valid.
    line, again = grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line))
    assert [p.code for p in again] == [p.code for p in plates]
    assert inspecting.events.filter(action="inspection_step_saved", data__tree_version=1).exists()


def test_damaged_item_asks_what_kind_and_demands_a_photo(trees, inspecting, ivan):
    line = _line(inspecting, "JEANS-32")
    _answer(line, ivan, "state", "damaged")
    assert suggested_disposition(line) == ("", "")
    _answer(line, ivan, "damage", "torn")
    assert suggested_disposition(line) == ("F", "scrap")
    with pytest.raises(InvalidReturnRequest, match="photo"):
        grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line))
    add_photo(inspecting, line, ivan)
    line, plates = grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line))
    assert (line.grade, line.disposition, len(plates)) == ("F", "scrap", 1)


def test_stale_tablet_is_refused_and_a_resend_changes_nothing(trees, inspecting, ivan):
    line = _line(inspecting, "JEANS-32")
    old = UnitInspection.objects.get(line=line, unit_index=0).version
    record, _ = _answer(line, ivan, "state", "tried")
    # The same answer sent again (a lost response): accepted, nothing written twice.
    again, _ = grading_answer(line_id=line.pk, unit_index=0, actor=ivan, expected_version=old, question="state",
                              answer="tried")
    assert again.version == record.version and len(again.grading_path) == 1
    with pytest.raises(StaleForm):  # a second screen, still on the first question, answers differently
        grading_answer(line_id=line.pk, unit_index=0, actor=ivan, expected_version=old, question="state",
                       answer="sealed")
    with pytest.raises(InvalidReturnRequest, match="Choose one of the answers"):
        _answer(line, ivan, "clean", "maybe")


def test_back_takes_the_last_answer_back_and_clears_a_decided_disposition(trees, inspecting, ivan):
    line = _line(inspecting, "TSHIRT-M")
    _answer(line, ivan, "state", "sealed")
    grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line))
    record = UnitInspection.objects.get(line=line, unit_index=0)
    record, cleared = grading_back(line_id=line.pk, unit_index=0, actor=ivan, expected_version=record.version)
    line.refresh_from_db()
    assert (record.grade, record.grading_path, cleared, line.disposition) == ("", [], True, "")


def test_overriding_the_suggestion_needs_a_reason_and_restock_below_b_goes_to_support(trees, inspecting, ivan):
    line = _line(inspecting, "JEANS-32")
    _answer(line, ivan, "state", "tried")
    _answer(line, ivan, "clean", "no")  # grade C, refurbish
    add_photo(inspecting, line, ivan)
    with pytest.raises(InvalidReturnRequest, match="Say why"):
        grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line), disposition="restock")
    line, _plates = grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line),
                                   disposition="restock", override_reason="Only a loose thread, cut off")
    assert line.disposition == "restock"
    hold = line.holds.get()
    assert hold.kind == HoldKind.OVERRIDE and "loose thread" in hold.reason
    # Another disposition that policy allows is recorded with its reason, no hold.
    line, _plates = grading_decide(line_id=line.pk, actor=ivan, expected_version=_version(line),
                                   disposition="quarantine", override_reason="Smells of smoke")
    assert (line.disposition, line.hold_reason) == ("quarantine", "")
    assert inspecting.events.filter(action="line_inspected", data__override_reason="Smells of smoke").exists()


def test_editing_a_tree_in_the_admin_adds_a_version_and_old_inspections_keep_theirs(trees, inspecting, ivan,
                                                                                   django_user_model):
    from django.contrib.admin.sites import site

    from inspection.admin_grading import GradingTreeAdmin

    line = _line(inspecting, "TSHIRT-M")
    _answer(line, ivan, "state", "sealed")
    v1 = tree_for(line.product)
    admin_user = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    request = RequestFactory().post("/")
    request.user = admin_user
    edited = GradingTree.objects.get(pk=v1.pk)
    edited.definition = {**APPAREL, "questions": {**APPAREL["questions"], "state": {
        "text": "Sealed?", "answers": [{"code": "yes", "label": "Yes", "grade": "A", "disposition": "restock"}]}}}
    GradingTreeAdmin(GradingTree, site).save_model(request, edited, form=None, change=True)
    v1.refresh_from_db()
    v2 = tree_for(line.product)
    assert (v1.version, v1.active, v2.version, v2.active) == (1, False, 2, True)
    assert v1.definition["questions"]["state"]["text"] == "How does it come back?"  # untouched
    assert UnitInspection.objects.get(line=line, unit_index=0).grading_tree_id == v1.pk
    other = _line(inspecting, "JEANS-32")
    record, _ = _answer(other, ivan, "state", "yes")
    assert record.grading_tree_id == v2.pk and record.grade == "A"


def test_a_product_tree_overrides_its_category(trees, jeans):
    own = GradingTree.objects.create(name="Jeans", product=jeans, definition=APPAREL)
    assert tree_for(jeans) == own


# ---------------------------------------------------------------- the pages, without script

def test_pages_scan_answer_decide_and_sort_instruction(client, trees, authorized, ivan):
    from tests.inspection.helpers import receive

    receive(authorized, ivan)
    client.force_login(ivan)
    response = client.post("/inspect/grade/", {"code": authorized.rma_number})
    line = _line(authorized, "TSHIRT-M") if response.url.endswith(f"{_line(authorized, 'TSHIRT-M').pk}/grade/") \
        else _line(authorized, "JEANS-32")
    assert response.status_code == 302 and response.url.endswith(f"/lines/{line.pk}/grade/")
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "How does it come back?" in html and html.count('name="answer"') == 3  # one question, its answers
    version = UnitInspection.objects.get(line=line, unit_index=0).version
    answered = client.post(f"{response.url}answer/", {"unit": 0, "version": version, "question": "state",
                                                      "answer": "sealed"})
    assert answered.status_code == 302
    result = client.get(answered.url).content.decode()
    assert "A – new, unopened" in result and "Restock" in result
    decided = client.post(f"{response.url}decide/", {"unit": 0, "version": _version(line), "confirm": "1"})
    assert decided.status_code == 302 and "/inspect/lpn/LP" in decided.url
    sort = client.get(decided.url).content.decode()
    assert "STOCK · bin S-01" in sort


def test_bad_input_is_a_form_error_that_loses_nothing(client, trees, inspecting, ivan):
    line = _line(inspecting, "JEANS-32")
    client.force_login(ivan)
    url = f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/grade/"
    stale = client.post(url + "answer/", {"unit": 0, "version": 999, "question": "state", "answer": "tried"})
    assert stale.status_code == 409 and "reload" in stale.content.decode()
    _answer(line, ivan, "state", "tried")
    _answer(line, ivan, "clean", "yes")  # B, restock
    no_reason = client.post(url + "decide/", {"unit": 0, "version": _version(line), "disposition": "scrap"})
    assert no_reason.status_code == 400 and "Say why" in no_reason.content.decode()
    line.refresh_from_db()
    assert line.disposition == "" and UnitInspection.objects.get(line=line, unit_index=0).grade == "B"


def test_only_inspectors_open_the_guided_pages(client, trees, inspecting, alice, sam):
    line = _line(inspecting, "JEANS-32")
    url = f"/inspect/returns/{inspecting.rma_number}/lines/{line.pk}/grade/"
    client.force_login(alice.user)
    assert client.get(url).status_code == 403
    client.force_login(sam)
    assert client.post(url + "answer/", {"unit": 0, "version": 1, "question": "state", "answer": "sealed"}
                       ).status_code == 403
    assert not LicensePlate.objects.exists()


def test_a_serialized_unit_scans_its_serial_first_and_a_foreign_serial_sends_it_to_the_hold_shelf(
        client, trees, alice, ivan):
    from inspection.workflow import inspection_open
    from tests.factories import create_return, make_order, make_product
    from tests.inspection.helpers import receive

    speaker = make_product("SPK-1", category="electronics", serialized=True, name="Speaker")
    order = make_order(alice, [(speaker, 2, "50.00")])
    order.lines.update(serial_numbers=["SN-001", "SN-002"])
    ret = receive(create_return(order, alice.user), ivan)
    inspection_open(return_id=ret.pk, actor=ivan)
    line = _line(ret, "SPK-1")
    client.force_login(ivan)
    url = f"/inspect/returns/{ret.rma_number}/lines/{line.pk}/grade/"
    page = client.get(url).content.decode()
    assert "Scan the serial number" in page and 'name="answer"' not in page  # the serial comes first
    with pytest.raises(InvalidReturnRequest, match="serial number first"):
        _answer(line, ivan, "seal", "sealed", unit=1)
    for unit, serial in ((1, "SN-001"), (2, "SN-FOREIGN-9")):
        record = UnitInspection.objects.get(line=line, unit_index=unit)
        assert client.post(url + "answer/", {"unit": unit, "version": record.version, "serial": serial}
                           ).status_code == 302
        assert "Is the factory seal intact?" in client.get(f"{url}?unit={unit}").content.decode()
        record.refresh_from_db()
        answered = client.post(url + "answer/", {"unit": unit, "version": record.version, "question": "seal",
                                                 "answer": "sealed"})
        assert answered.url == url  # graded: the page moves on to the next unit still to do
    assert "Scan the serial number" not in client.get(url).content.decode()
    assert suggested_disposition(line) == ("A", "restock")
    decided = client.post(url + "decide/", {"version": _version(line), "confirm": "1"})
    line.refresh_from_db()
    assert "SN-FOREIGN-9" in line.hold_reason and line.disposition == "restock"
    sort = client.get(decided.url).content.decode()
    assert "HOLD · bin H-01" in sort and "waiting for support" in sort.lower()
    assert LicensePlate.objects.filter(line=line).count() == 2


def test_one_row_per_version_of_a_scope(trees, tshirt):
    from django.db import IntegrityError, transaction

    apparel = GradingTree.objects.get(category__code="apparel")
    with pytest.raises(IntegrityError), transaction.atomic():
        GradingTree.objects.create(name="copy", category=apparel.category, definition=APPAREL, version=1)
    GradingTree.objects.create(name="T-shirt", product=tshirt, definition=APPAREL, version=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        GradingTree.objects.create(name="T-shirt again", product=tshirt, definition=APPAREL, version=1)


def test_a_tree_that_restocks_a_damaged_item_is_refused():
    tree = {"start": "q", "questions": {"q": {"text": "?", "answers": [
        {"code": "x", "label": "X", "grade": "D", "disposition": "restock"}]}}}
    with pytest.raises(ValidationError, match="only grade A or B"):
        validate_tree(tree)
