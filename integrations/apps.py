from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = "ERP integration (Odoo)"

    def ready(self):
        # Embedded mode (memory://) has no beat: the web process runs the sweeper itself.
        from .inprocess import start_if_embedded

        start_if_embedded()
        from .serials import offer_serial_check

        offer_serial_check()
