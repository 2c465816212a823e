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
