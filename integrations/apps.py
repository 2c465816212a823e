from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "ERP integration (Odoo)"

    def ready(self):
        from returns.orders import register_order_source
        from returns.subscribers import subscribe

        from .orders_in import OdooOrderSource
        from .step_postings import POSTING_STEPS, REPLACEMENT_STEPS, post_step_to_odoo

        subscribe("Odoo outbox postings", post_step_to_odoo, order=10, actions=POSTING_STEPS | REPLACEMENT_STEPS)
        register_order_source(OdooOrderSource())
        # Embedded mode (memory://) has no beat: the web process runs the sweeper itself.
        from .inprocess import start_if_embedded

        start_if_embedded()
        from .serials import offer_serial_check

        offer_serial_check()
