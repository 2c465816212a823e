"""One persistent HTTP/1.1 connection per client, with separate connect/read timeouts.

Why not a new connection per call: a TLS handshake costs more than a light Odoo call
(~20 ms). Why stdlib ``http.client``: it shows exactly when the request has left,
which decides whether a failure may have been applied on the server.

Reconnect rules (the one thing that must not go wrong):
- a connection the server closed while idle is noticed before sending and replaced;
- a failure while *sending* means Odoo cannot have run the call (it reads the whole
  request first), so the request is sent again once on a new connection;
- once the request has been sent, a dropped connection or a read timeout is reported
  as ``OdooTimeout(maybe_applied=True)``; only read-only calls are re-sent, and only
  once, when a reused keep-alive connection was closed under them.
"""

from __future__ import annotations

import http.client
import select
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from .errors import OdooTimeout, OdooUnavailable

USER_AGENT = "returnflow-odoo-client/1.0"


@dataclass
class HttpResponse:
    status: int
    headers: dict  # lower-case names
    body: bytes

    @property
    def content_type(self):
        return self.headers.get("content-type", "")


class _TimeoutsMixin:
    """Connect with ``connect_timeout`` (TCP and TLS handshake), then wait for answers
    with ``read_timeout``: a slow Odoo write must not be confused with a dead host."""

    def __init__(self, *args, connect_timeout, read_timeout, **kwargs):
        super().__init__(*args, timeout=connect_timeout, **kwargs)
        self.read_timeout = read_timeout

    def connect(self):
        super().connect()
        self.sock.settimeout(self.read_timeout)


class _HTTPConnection(_TimeoutsMixin, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_TimeoutsMixin, http.client.HTTPSConnection):
    pass


class HttpTransport:
    def __init__(self, url, *, connect_timeout=5, read_timeout=30, ssl_context=None):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"ODOO_URL must be an http(s) URL, not {url!r}")
        self.host = parts.hostname
        self.port = parts.port or (443 if parts.scheme == "https" else 80)
        # Odoo may be served under a sub-path behind a reverse proxy.
        self.prefix = parts.path.rstrip("/")
        self._https = parts.scheme == "https"
        self._ssl_context = ssl_context
        self.connect_timeout = float(connect_timeout)
        self.read_timeout = float(read_timeout)
        self._conn = None
        # http.client connections are not thread-safe; one call at a time per client.
        self._lock = threading.Lock()
        self.connections_opened = 0

    def request(self, method, path, body=None, headers=None, *, idempotent=False):
        headers = {"User-Agent": USER_AGENT, **(headers or {})}
        with self._lock:
            for attempt in (1, 2):
                reused = self._conn is not None and not self._closed_by_peer()
                if not reused:
                    self._reset()
                    self._open()
                try:
                    self._conn.request(
                        method, self.prefix + path, body=body, headers=headers
                    )
                except TimeoutError:
                    self._reset()
                    raise OdooTimeout(
                        f"timed out sending to {self._where()}", maybe_applied=False
                    ) from None
                except (OSError, http.client.HTTPException) as exc:
                    self._reset()
                    if attempt == 1:
                        continue  # nothing complete reached the server: safe to send again
                    raise OdooUnavailable(
                        f"could not send to {self._where()}: {exc}"
                    ) from exc
                try:
                    response = self._conn.getresponse()
                    data = response.read()
                except TimeoutError:
                    self._reset()
                    raise OdooTimeout(
                        f"no answer from {self._where()} within {self.read_timeout:g} s; the call may have been applied"
                    ) from None
                except (OSError, http.client.HTTPException) as exc:
                    self._reset()
                    if reused and idempotent and attempt == 1:
                        continue  # keep-alive closed under a read-only call: ask again
                    raise OdooTimeout(
                        f"connection to {self._where()} lost before the answer; "
                        f"the call may have been applied ({exc!r})"
                    ) from exc
                if response.will_close:
                    self._reset()
                return HttpResponse(
                    response.status,
                    {k.lower(): v for k, v in response.getheaders()},
                    data,
                )
        raise AssertionError("unreachable")

    def close(self):
        with self._lock:
            self._reset()

    def _open(self):
        timeouts = {
            "connect_timeout": self.connect_timeout,
            "read_timeout": self.read_timeout,
        }
        if self._https:
            context = self._ssl_context or ssl.create_default_context()
            conn = _HTTPSConnection(self.host, self.port, context=context, **timeouts)
        else:
            conn = _HTTPConnection(self.host, self.port, **timeouts)
        try:
            conn.connect()
        except TimeoutError:
            conn.close()
            raise OdooUnavailable(
                f"could not connect to {self._where()} within {self.connect_timeout:g} s"
            ) from None
        except OSError as exc:  # refused, DNS, TLS
            conn.close()
            raise OdooUnavailable(
                f"could not connect to {self._where()}: {exc}"
            ) from exc
        self._conn = conn
        self.connections_opened += 1

    def _closed_by_peer(self):
        """An idle keep-alive socket that is readable has been closed by the server
        (or holds bytes nobody asked for): either way it must not carry a request."""
        sock = self._conn.sock
        if sock is None:
            return True
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)

    def _reset(self):
        if self._conn is not None:
            try:
                self._conn.close()
            except OSError:
                pass
            self._conn = None

    def _where(self):
        return f"{self.host}:{self.port}"
