from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    """Advisory models on returns. The lifecycle never imports this app: it registers itself here."""

    name = "intelligence"
    verbose_name = "Return intelligence"

    def ready(self):
        from returns import policy

        from .abuse.service import flags_for_policy

        # Flags may send a return to review, never reject it (returns/policy.py, advisory_results).
        policy.register_review_hook("abuse flags", flags_for_policy)

        from django.db import transaction

        from returns import subscribers

        from .abuse import service

        # A lifecycle step changes the history the flags read: recompute them on the next look, after commit.
        subscribers.subscribe("intelligence flags refresh", lambda step: transaction.on_commit(service.clear),
                              order=95)

        from inspection import evidence

        from .tasks import photo_checks_later

        # Photo checks after each stored photo, once the upload pipeline offers the hook (inspection/evidence.py);
        # a task, so the uploader never waits for them.
        if hasattr(evidence, "register_photo_stored_hook"):
            evidence.register_photo_stored_hook("intelligence photo checks", photo_checks_later)
