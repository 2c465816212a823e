"""Connection settings for the Odoo client, read from the environment by the app."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

PROTOCOLS = ("xmlrpc", "jsonrpc", "json2")


@dataclass(frozen=True)
class OdooConfig:
    """``api_key`` is an Odoo API key; over XML-RPC/JSON-RPC it is sent as the password
    (Odoo accepts both there), over JSON-2 as a bearer token. Timeouts are seconds:
    ``connect_timeout`` bounds opening the TCP/TLS connection, ``read_timeout`` the
    silence while waiting for an answer (an Odoo write takes 0.1-1 s)."""

    url: str
    db: str
    user: str
    api_key: str = field(repr=False)  # never in logs or tracebacks
    protocol: str = "xmlrpc"
    connect_timeout: float = 5
    read_timeout: float = 30

    def __post_init__(self):
        protocol = (self.protocol or "xmlrpc").strip().lower()
        if protocol not in PROTOCOLS:
            raise ValueError(
                f"ODOO_PROTOCOL must be one of {', '.join(PROTOCOLS)}, not {self.protocol!r}"
            )
        for name in ("connect_timeout", "read_timeout"):
            if not float(getattr(self, name)) > 0:
                raise ValueError(f"{name} must be > 0")
        object.__setattr__(self, "protocol", protocol)
        object.__setattr__(self, "url", (self.url or "").strip().rstrip("/"))

    @classmethod
    def from_env(cls, environ=None):
        """Build from ODOO_* variables; missing ones give an unconfigured config
        (see ``is_configured``) while malformed ones raise ValueError at start-up.
        From Django: ``from_env({f"ODOO_{k}": v for k, v in settings.ODOO.items()})``."""
        env = os.environ if environ is None else environ

        def text(name, default=""):
            # Values may be non-strings when they come from Django's settings.ODOO.
            value = env.get(name)
            return default if value is None or value == "" else str(value).strip()

        def seconds(name, default):
            raw = text(name)
            if not raw:
                return default
            try:
                return float(raw)
            except ValueError:
                raise ValueError(
                    f"{name} must be a number of seconds, not {raw!r}"
                ) from None

        return cls(
            url=text("ODOO_URL"),
            db=text("ODOO_DB"),
            user=text("ODOO_USER"),
            api_key=text("ODOO_API_KEY"),
            protocol=text("ODOO_PROTOCOL", "xmlrpc"),
            connect_timeout=seconds("ODOO_CONNECT_TIMEOUT", 5),
            read_timeout=seconds("ODOO_READ_TIMEOUT", 30),
        )

    @property
    def is_configured(self):
        """JSON-2 needs only the URL and the key (the database header is optional
        where the server hosts one database); the RPC protocols log in with db + user."""
        if not (self.url and self.api_key):
            return False
        return self.protocol == "json2" or bool(self.db and self.user)
