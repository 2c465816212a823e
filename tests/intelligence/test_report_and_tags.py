"""The report command (on small data) and the template tags the console and the portal use."""
from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.template import Context, Template


def test_the_report_writes_every_section_and_its_charts(tmp_path):
    out = StringIO()
    call_command("intelligence_report", "--quick", "--out", str(tmp_path), stdout=out)
    report = (tmp_path / "REPORT.md").read_text()
    for heading in ["## 1. Reason", "## 2. Abuse", "## 3. Volume forecast", "## 4. Photo checks",
                    "keyword baseline macro-F1", "precision", "MASE seasonal-naive", "PHOTO_MIN_SHARPNESS",
                    "Damage recognition is left out", "Product quality alerts"]:
        assert heading in report, heading
    assert {p.name for p in (tmp_path / "report_figures").iterdir()} >= {"reason_f1.png", "forecast.png",
                                                                        "photo_phash.png"}


def _render(source, **context):
    return Template("{% load intelligence %}" + source).render(Context(context))


def test_the_portal_suggests_another_reason_only_when_the_words_are_clear():
    item = SimpleNamespace(comment="the glass arrived shattered, the parcel was crushed",
                           reason=SimpleNamespace(code="changed_mind"))
    html = Template("{% include 'portal/includes/reason_suggestion.html' %}").render(
        Context({"item": item, "order": SimpleNamespace(number="S1")}))
    assert 'data-testid="reason-suggestion"' in html and "Damaged in transit" in html and "/portal/" in html
    item.reason.code = "damaged_in_transit"
    assert _render("{% text_reading item.comment item.reason.code as s %}{{ s|default:'none' }}", item=item) == "none"


def test_the_console_shows_the_reading_of_a_line():
    line = SimpleNamespace(pk=1, condition_note="stopped working after two days", customer_comment="",
                           reason=SimpleNamespace(code="changed_mind"))
    html = Template("{% include 'support/includes/intelligence_reason.html' %}").render(Context({"line": line}))
    assert "Customer chose Changed my mind, text reads as Defective" in html and "badge warn" in html


def test_a_tag_that_fails_shows_no_advice(monkeypatch):
    from intelligence.reasons import reading

    monkeypatch.setattr(reading, "read_text", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no model")))
    line = SimpleNamespace(pk=1, condition_note="x", customer_comment="", reason=None)
    assert _render("{% reason_reading line as r %}{{ r|default:'none' }}", line=line) == "none"
    assert _render("{% customer_flags customer as f %}{{ f|length }}", customer=None) == "0"


def test_counts_by_read_reason_and_the_photo_backfill(db, alice, ivan):
    from intelligence.models import PhotoFingerprint
    from intelligence.reasons.counts import read_reason_counts
    from tests.factories import create_return, make_order, make_product
    from tests.intelligence.helpers import customer_photo

    ret = create_return(make_order(alice, [(make_product(), 1, "20.00")]), alice.user)
    line = ret.lines.get()
    line.customer_comment = "it stopped working after two days, won't turn on"
    line.save(update_fields=["customer_comment"])
    counts = {c.code: c for c in read_reason_counts()}
    assert counts["changed_mind"].chosen == 1 and counts["changed_mind"].crossed == 1
    assert counts["defective"].read == 1 and counts["defective"].label.startswith("Defective")
    photo = customer_photo(line, alice.user)
    out = StringIO()
    call_command("fingerprint_photos", stdout=out)
    assert "fingerprinted 1 photo(s); 0 flagged" in out.getvalue()
    assert PhotoFingerprint.objects.get(photo=photo).sharpness > 0


def test_the_suggestion_names_the_reason_in_the_customer_s_language():
    from django.utils import translation

    item = SimpleNamespace(comment="the glass arrived shattered, the parcel was crushed",
                           reason=SimpleNamespace(code="changed_mind"))
    with translation.override("de"):
        html = Template("{% include 'portal/includes/reason_suggestion.html' %}").render(
            Context({"item": item, "order": SimpleNamespace(number="S1")}))
        german = translation.gettext("Damaged in transit")
    assert german != "Damaged in transit" and german in html
