from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "exchanges"
    verbose_name = "Exchanges"

    def ready(self):
        from returns.subscribers import subscribe

        from .lifecycle import GUARDED_STEPS, SETTLED_STEPS, hold_refund_for_open_exchange, settle_at_inspection

        # Before the outbox (10): the release is refused while a replacement order is still to be
        # placed, so a refund is never frozen that a later fallback would have to change.
        subscribe("exchanges: no refund before the replacement is ordered", hold_refund_for_open_exchange,
                  order=7, actions=GUARDED_STEPS)
        # Before the outbox too: the units inspection did not accept get no replacement.
        subscribe("exchanges: inspection decides", settle_at_inspection, order=8, actions=SETTLED_STEPS)
