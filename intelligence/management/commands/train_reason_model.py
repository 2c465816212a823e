"""Retrain the shipped reason classifier from the shipped corpus (seconds on one core)."""
from django.core.management.base import BaseCommand

from intelligence.reasons import corpus_generator, evaluation, model


class Command(BaseCommand):
    help = "Regenerate (optional) the labelled reason corpus, evaluate on its held-out part, train on all of it."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--regenerate", action="store_true", help="rewrite data/reasons.jsonl from the banks")
        parser.add_argument("--seed", type=int, default=16)

    def handle(self, *args, regenerate=False, seed=16, **options):
        if regenerate:
            corpus_generator.write(corpus_generator.generate(seed=seed))
        rows = corpus_generator.load()
        result = evaluation.evaluate(rows)
        for lang, f1 in result.model_f1.items():
            self.stdout.write(f"{lang}: macro-F1 {f1:.3f} (keyword baseline {result.baseline_f1[lang]:.3f})")
        path = model.save(model.train([r["text"] for r in rows], [r["reason"] for r in rows]))
        self.stdout.write(f"trained on {len(rows)} messages, saved {path}")
