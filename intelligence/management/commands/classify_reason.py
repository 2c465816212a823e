"""Read JSON lines `{"text": ...}` on stdin, write `{"reason": CODE, "confidence": P}` per line, in order.

Uses only the shipped model file: no database connection is opened (system checks are skipped too),
so it runs anywhere the code is. A line that is not JSON or has no text answers `{"error": ...}` in
its place, so the output stays aligned with the input.
"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from intelligence.reasons.model import classify, load

BATCH = 256


class Command(BaseCommand):
    help = "Classify return reasons from free text, one JSON object a line (stdin → stdout)."
    requires_system_checks = []
    stealth_options = ("stdin",)  # call_command(..., stdin=StringIO(...)) in tests and callers

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", help="JSON lines in and out (the only format)")

    def handle(self, *args, jsonl=False, **options):
        if not jsonl:
            raise CommandError("Only --jsonl is supported: one {\"text\": ...} a line on stdin.")
        model = load()
        stdin = options.get("stdin") or sys.stdin
        batch = []
        for raw in stdin:
            if raw.strip():
                batch.append(raw)
            if len(batch) >= BATCH:
                self._answer(batch, model)
                batch = []
        self._answer(batch, model)

    def _answer(self, batch, model):
        parsed = []
        for raw in batch:
            try:
                item = json.loads(raw)
                text = item.get("text") if isinstance(item, dict) else None
            except json.JSONDecodeError:
                text = None
            parsed.append(text if isinstance(text, str) else None)
        guesses = iter(classify([t for t in parsed if t is not None], model))
        for text in parsed:
            if text is None:
                answer = {"error": "expected a JSON object with a string \"text\""}
            else:
                guess = next(guesses)
                answer = {"reason": guess.reason, "confidence": guess.confidence}
            self.stdout.write(json.dumps(answer))
