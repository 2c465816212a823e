"""The reason classifier: the corpus it ships, training and evaluation, the reading agents see, the command."""
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from intelligence.reasons import corpus_generator, evaluation, keyword_baseline, model, reading
from intelligence.reasons.codes import LANGUAGES, REASON_CODES

ROOT = Path(__file__).resolve().parents[2]


def test_the_corpus_is_deterministic_and_covers_every_language_and_reason(tiny_corpus):
    again = corpus_generator.generate(per_reason=10, seed=3)
    assert again == tiny_corpus
    assert {(r["lang"], r["reason"]) for r in tiny_corpus} == {(lang, c) for lang in LANGUAGES for c in REASON_CODES}
    assert len({r["text"] for r in tiny_corpus}) == len(tiny_corpus)  # no duplicate message
    assert {r["split"] for r in tiny_corpus} == {"train", "test"}
    assert any(r["unseen_claim"] for r in tiny_corpus)


def test_typos_keep_the_words_recognisable():
    import random

    slipped = corpus_generator.add_typos("the zipper is broken", random.Random(1))
    assert slipped != "the zipper is broken" and abs(len(slipped) - 20) <= 3
    assert corpus_generator.add_typos("a", random.Random(1)) == "a"


def test_the_shipped_corpus_is_what_the_generator_writes(tmp_path):
    shipped = corpus_generator.load()
    assert len(shipped) >= 5 * 8 * 50  # several hundred messages per language
    path = corpus_generator.write(shipped[:3], tmp_path / "r.jsonl")
    assert corpus_generator.load(path) == shipped[:3]


def test_the_generator_runs_from_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(corpus_generator, "DATA_FILE", tmp_path / "out.jsonl")
    monkeypatch.setattr(corpus_generator.write, "__defaults__", (tmp_path / "out.jsonl",))
    corpus_generator.main(["--per-reason", "2", "--seed", "1"])
    assert "wrote 80 messages" in capsys.readouterr().out


def test_evaluation_reports_macro_f1_per_language_and_the_confusion_against_the_baseline(tiny_corpus):
    for scheme in evaluation.SCHEMES:
        result = evaluation.evaluate(tiny_corpus, scheme, max_features=2000)
        assert set(result.model_f1) == {*LANGUAGES, "all"} == set(result.baseline_f1)
        assert len(result.model_confusion) == len(REASON_CODES) == len(result.baseline_confusion[0])
        assert sum(map(sum, result.model_confusion)) == result.test_size
    assert result.model_f1["all"] > result.baseline_f1["all"]


@pytest.mark.parametrize("text, reason", [
    ("it is too small", "too_small"), ("Das Gerät ist defekt", "defective"),
    ("reçu le mauvais article", "wrong_item"), ("hello", keyword_baseline.FALLBACK),
])
def test_the_keyword_baseline_counts_stems(text, reason):
    assert keyword_baseline.predict_one(text) == reason


def test_the_shipped_model_reads_the_five_languages():
    guesses = model.classify(["the kettle stopped working after a week", "Die Jacke ist viel zu groß",
                              "colis écrasé, le verre est cassé", "me enviaron otro producto",
                              "ik heb me bedacht", ""])
    assert [g.reason for g in guesses[:5]] == ["defective", "too_large", "damaged_in_transit", "wrong_item",
                                               "changed_mind"]
    assert all(0 < g.confidence <= 1 for g in guesses)
    assert model.classify([]) == []


def test_top_features_explain_a_reason(tiny_model):
    assert len(model.top_features(tiny_model, "too_small", 5)) == 5


def test_save_and_load_round_trip(tmp_path, tiny_model):
    path = model.save(tiny_model, tmp_path / "m.joblib")
    assert model.load(path).classes_.tolist() == tiny_model.classes_.tolist()


def _line(text, code, comment=""):
    return SimpleNamespace(condition_note=text, customer_comment=comment, reason=SimpleNamespace(code=code))


def test_a_reading_that_crosses_the_retailer_fault_line_matters():
    read = reading.reason_reading(_line("it stopped working after two days,", "changed_mind", "won't turn on"))
    assert read.read == "defective" and read.matters and not read.agrees
    assert read.sentence.startswith("Customer chose Changed my mind, text reads as Defective / does not work (")
    agrees = reading.reason_reading(_line("the jacket is too small", "too_small"))
    assert agrees.agrees and not agrees.matters and "agrees" in agrees.sentence
    assert reading.reason_reading(_line("", "too_small")) is None
    assert reading.read_text("zz", "") is None


def test_an_unsure_reading_is_not_shown(monkeypatch):
    monkeypatch.setattr(reading, "classify", lambda texts, m=None: [model.ReasonGuess("defective", 0.2)])
    assert reading.read_text("hmm, well", "changed_mind") is None
    no_reason = SimpleNamespace(condition_note="x y z", customer_comment="", reason=None)
    assert reading.reason_reading(no_reason) is None


def _command(stdin, *args, extra_env=None):
    # A database that does not exist: the command must not need one.
    env = {**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "returnflow.settings",
           "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/no_such_database", **(extra_env or {})}
    return subprocess.run([sys.executable, "manage.py", "classify_reason", *args], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, env=env, timeout=60)


def test_classify_reason_jsonl_answers_each_line_in_order_without_a_database():
    lines = [{"text": "the parcel was crushed and the glass is broken"}, {"text": "zu klein"}, "not an object",
             {"text": 42}, {"text": "je n'en ai plus besoin"}]
    stdin = "\n".join(json.dumps(x) if not isinstance(x, str) else x for x in lines) + "\n\n"
    done = _command(stdin, "--jsonl")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert [a.get("reason") for a in answers] == ["damaged_in_transit", "too_small", None, None, "no_longer_needed"]
    assert "error" in answers[2] and "error" in answers[3]
    assert all(0 < a["confidence"] <= 1 for a in answers if "reason" in a)


def test_classify_reason_needs_jsonl():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--jsonl"):
        call_command("classify_reason")


def test_classify_reason_batches_long_input(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from intelligence.management.commands import classify_reason

    monkeypatch.setattr(classify_reason, "BATCH", 2)
    out = StringIO()
    call_command("classify_reason", "--jsonl", stdin=StringIO('{"text": "too big"}\n' * 5), stdout=out)
    assert len(out.getvalue().splitlines()) == 5


def test_retraining_writes_the_model(monkeypatch, tmp_path, tiny_corpus):
    from io import StringIO

    from django.core.management import call_command

    from intelligence.management.commands import train_reason_model as command

    saved = {}
    monkeypatch.setattr(command.corpus_generator, "load", lambda: tiny_corpus)
    monkeypatch.setattr(command.corpus_generator, "write", lambda rows: saved.setdefault("rows", rows))
    monkeypatch.setattr(command.corpus_generator, "generate", lambda seed: tiny_corpus)
    monkeypatch.setattr(command.model, "save", lambda m: tmp_path / "m.joblib")
    out = StringIO()
    call_command("train_reason_model", "--regenerate", stdout=out)
    assert "macro-F1" in out.getvalue() and saved["rows"] is tiny_corpus
