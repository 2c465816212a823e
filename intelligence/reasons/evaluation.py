"""Held-out evaluation of the classifier against the keyword baseline: macro-F1 per language, confusion."""
from dataclasses import dataclass, field

from sklearn.metrics import confusion_matrix, f1_score

from . import keyword_baseline
from .codes import LANGUAGES, REASON_CODES
from .model import classify, train


@dataclass
class Evaluation:
    train_size: int
    test_size: int
    model_f1: dict = field(default_factory=dict)  # language (and "all") → macro-F1
    baseline_f1: dict = field(default_factory=dict)
    model_confusion: list = field(default_factory=list)  # rows: true reason, columns: read reason
    baseline_confusion: list = field(default_factory=list)
    model: object = None


SCHEMES = {
    "random": lambda row: row["split"] == "test",  # new messages, phrasings seen in training
    "unseen_claim": lambda row: row["unseen_claim"],  # phrasings never seen: how far it generalises
}


def split(rows, scheme: str = "random"):
    held_out = SCHEMES[scheme]
    return [r for r in rows if not held_out(r)], [r for r in rows if held_out(r)]


def evaluate(rows, scheme: str = "random", max_features: int = 30000) -> Evaluation:
    train_rows, test_rows = split(rows, scheme)
    model = train([r["text"] for r in train_rows], [r["reason"] for r in train_rows], max_features)
    truth = [r["reason"] for r in test_rows]
    read = [g.reason for g in classify([r["text"] for r in test_rows], model)]
    baseline = keyword_baseline.predict([r["text"] for r in test_rows])
    result = Evaluation(len(train_rows), len(test_rows), model=model)
    for lang in [*LANGUAGES, "all"]:
        idx = [i for i, r in enumerate(test_rows) if lang == "all" or r["lang"] == lang]
        if not idx:
            continue
        labels = sorted({truth[i] for i in idx})
        result.model_f1[lang] = f1_score([truth[i] for i in idx], [read[i] for i in idx], labels=labels,
                                         average="macro", zero_division=0)
        result.baseline_f1[lang] = f1_score([truth[i] for i in idx], [baseline[i] for i in idx], labels=labels,
                                            average="macro", zero_division=0)
    result.model_confusion = confusion_matrix(truth, read, labels=REASON_CODES).tolist()
    result.baseline_confusion = confusion_matrix(truth, baseline, labels=REASON_CODES).tolist()
    return result
