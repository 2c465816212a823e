"""The reason classifier: TF-IDF over character n-grams and words, then a logistic regression.

Character n-grams carry typos and the five languages without a tokenizer or stemmer per language;
word features keep whole phrases ("changed my mind"). The model is small and explainable: its
largest coefficients per reason are the n-grams it reads as that reason (`top_features`).
The shipped file is `data/reason_model.joblib`, made by `python manage.py train_reason_model`.
"""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from threadpoolctl import threadpool_limits

MODEL_FILE = Path(__file__).with_name("data") / "reason_model.joblib"


@dataclass(frozen=True)
class ReasonGuess:
    reason: str
    confidence: float


def build_pipeline(max_features: int = 30000) -> Pipeline:
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), lowercase=True, strip_accents="unicode",
                                  sublinear_tf=True, min_df=2, max_features=max_features)),
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), lowercase=True, strip_accents="unicode",
                                  sublinear_tf=True, min_df=1)),
    ])
    return Pipeline([("features", features), ("classifier", LogisticRegression(C=20, max_iter=3000))])


def train(texts, reasons, max_features: int = 30000) -> Pipeline:
    # One BLAS thread: on a shared machine, threads fighting over two cores are several times slower.
    with threadpool_limits(limits=1):
        return build_pipeline(max_features).fit(list(texts), list(reasons))


def save(model: Pipeline, path: Path = MODEL_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    return path


@lru_cache(maxsize=4)
def load(path: Path = MODEL_FILE) -> Pipeline:
    """The shipped model, read once per process (tests and the command share it)."""
    return joblib.load(path)


def classify(texts, model: Pipeline | None = None) -> list[ReasonGuess]:
    model = model or load()
    texts = [t or "" for t in texts]
    if not texts:
        return []
    probabilities = model.predict_proba(texts)
    classes = model.classes_
    return [ReasonGuess(str(classes[row.argmax()]), round(float(row.max()), 2)) for row in probabilities]


def top_features(model: Pipeline, reason: str, n: int = 8) -> list[str]:
    """The n-grams that weigh most towards one reason: what an agent may ask "why" about."""
    names = model.named_steps["features"].get_feature_names_out()
    classifier = model.named_steps["classifier"]
    weights = classifier.coef_[list(classifier.classes_).index(reason)]
    return [names[i].split("__", 1)[1] for i in weights.argsort()[::-1][:n]]
