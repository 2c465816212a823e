from django.apps import AppConfig


class OdooTestServerConfig(AppConfig):
    """Installed only for its `odoo_sandbox` command (the demo's stand-in Odoo); it has no models."""

    name = "odoo_testserver"
    verbose_name = "Odoo test server (demo sandbox)"
