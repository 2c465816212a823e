from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    """Advisory models on returns. The lifecycle never imports this app: it registers itself here."""

    name = "intelligence"
    verbose_name = "Return intelligence"

    def ready(self):
        from returns import policy

        from .abuse.service import flags_for_policy

        # Flags may send a return to review, never reject it (returns/policy.py, rule_advisory_flags).
        policy.register_review_hook("abuse flags", flags_for_policy)
