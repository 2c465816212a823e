"""Deliver pending (and, with --failed, failed) outbox postings now, oldest first."""
from django.core.management.base import BaseCommand, CommandError

from integrations.delivery import deliver_posting
from integrations.gateway import odoo_configured
from integrations.models import OdooPosting, PostingState


class Command(BaseCommand):
    help = "Deliver outbox postings to Odoo now (pending ones; failed ones too with --failed)."

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="Also retry postings that failed.")
        parser.add_argument("--reference", help="Only this posting reference (e.g. RMA-2026-000001/receipt).")

    def handle(self, *args, failed=False, reference=None, **options):
        if not odoo_configured():
            raise CommandError("Odoo is not configured; postings keep waiting in the outbox.")
        states = [PostingState.PENDING, PostingState.SENDING] + ([PostingState.FAILED] if failed else [])
        postings = OdooPosting.objects.filter(state__in=states).order_by("pk")
        if reference:
            postings = postings.filter(reference=reference)
        if failed:
            postings.filter(state=PostingState.FAILED).update(state=PostingState.PENDING)
        counts = {}
        for posting in postings:
            OdooPosting.objects.filter(pk=posting.pk, state=PostingState.PENDING).update(
                next_attempt_at=posting.created_at)
            outcome = deliver_posting(posting.pk)
            if outcome == "not_due":
                # Delivered meanwhile as the follower of an earlier posting of the same order.
                outcome = OdooPosting.objects.get(pk=posting.pk).state
            counts[outcome] = counts.get(outcome, 0) + 1
            self.stdout.write(f"{posting.reference}: {outcome}")
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "nothing to deliver"
        self.stdout.write(self.style.SUCCESS(summary))
