"""Shared set-up for the intelligence tests: tiny models and histories, built once per session."""
import pytest


@pytest.fixture(scope="session")
def tiny_corpus():
    from intelligence.reasons.corpus_generator import generate

    return generate(per_reason=10, seed=3)


@pytest.fixture(scope="session")
def tiny_model(tiny_corpus):
    from intelligence.reasons.model import train

    return train([r["text"] for r in tiny_corpus], [r["reason"] for r in tiny_corpus], max_features=3000)


@pytest.fixture
def fresh_flags():
    """The abuse flags are cached for minutes; each test reads the database it set up."""
    from intelligence.abuse import service

    service.clear()
    yield
    service.clear()
