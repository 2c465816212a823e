"""Write intelligence/REPORT.md and its charts: every figure of the advisory models (no database needed)."""
from pathlib import Path

from django.core.management.base import BaseCommand

from intelligence.report.builder import build

APP_DIR = Path(__file__).resolve().parents[2]


class Command(BaseCommand):
    help = "Evaluate the reason classifier, abuse flags, forecast and photo checks; write a Markdown report."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(APP_DIR), help="folder for REPORT.md and report_figures/")
        parser.add_argument("--quick", action="store_true", help="small data, for a smoke test")

    def handle(self, *args, out, quick=False, **options):
        path = build(Path(out), quick=quick)
        self.stdout.write(f"wrote {path}")
