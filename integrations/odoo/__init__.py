"""Odoo external-API client for Returnflow (XML-RPC, JSON-RPC, JSON-2). See README.md."""

from .client import READ_ONLY_METHODS, OdooClient, is_wizard_action
from .config import PROTOCOLS, OdooConfig
from .dialect import OdooDialect
from .errors import (
    OdooAccessError,
    OdooAuthError,
    OdooBusinessError,
    OdooError,
    OdooMissingRecord,
    OdooProgrammingError,
    OdooTimeout,
    OdooTransientError,
    OdooUnavailable,
)

__all__ = [
    "PROTOCOLS",
    "READ_ONLY_METHODS",
    "OdooAccessError",
    "OdooAuthError",
    "OdooBusinessError",
    "OdooClient",
    "OdooConfig",
    "OdooDialect",
    "OdooError",
    "OdooMissingRecord",
    "OdooProgrammingError",
    "OdooTimeout",
    "OdooTransientError",
    "OdooUnavailable",
    "is_wizard_action",
]
