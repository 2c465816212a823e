"""The one place that turns Django settings into an Odoo client."""
import threading

from django.conf import settings

from .odoo import OdooClient, OdooConfig

_local = threading.local()


def odoo_config() -> OdooConfig:
    return OdooConfig.from_env({f"ODOO_{key}": value for key, value in settings.ODOO.items()})


def odoo_configured() -> bool:
    try:
        return odoo_config().is_configured
    except ValueError:
        return False


def odoo_client() -> OdooClient:
    """A client per thread (its keep-alive connection is not shared), rebuilt if settings change."""
    config = odoo_config()
    client = getattr(_local, "client", None)
    if client is None or client.config != config:
        if client is not None:
            client.close()
        client = OdooClient(config)
        _local.client = client
    return client


def reset_odoo_client():
    client = getattr(_local, "client", None)
    if client is not None:
        client.close()
    _local.client = None
