"""``python -m odoo_testserver``: run the Odoo test sandbox in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys

from .server import BANNER, DEFAULT_API_KEY, DEFAULT_DEMO_API_KEY, OdooTestServer


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m odoo_testserver",
                                     description=f"{BANNER}: Odoo 18/19 external APIs for tests.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8069, help="0 picks a free port (printed in the banner)")
    parser.add_argument("--version", type=int, choices=(18, 19), default=18, help="Odoo version to imitate")
    parser.add_argument("--db", default=None, help="database name (default returns_lab / returns_lab19)")
    parser.add_argument("--user", default="admin", help="administrator login")
    parser.add_argument("--password", default="admin", help="administrator password")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="administrator API key")
    parser.add_argument("--demo-password", default="demo", help="password of the restricted 'demo' user")
    parser.add_argument("--demo-api-key", default=DEFAULT_DEMO_API_KEY, help="API key of the 'demo' user")
    parser.add_argument("--demo", action="store_true", help="also load a small demo catalogue")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    server = OdooTestServer(version=args.version, host=args.host, port=args.port, db=args.db, login=args.user,
                            password=args.password, api_key=args.api_key, demo_password=args.demo_password,
                            demo_api_key=args.demo_api_key, demo_catalogue=args.demo, verbose=args.verbose)
    server._bind()
    protocols = "XML-RPC /xmlrpc/2, JSON-RPC /jsonrpc" + (", JSON-2 /json/2" if server.dialect.has_json2 else "")
    print(f"{BANNER} listening on {server.url} -- imitating Odoo {server.dialect.server_version}, "
          f"db {server.db!r}, user {args.user!r} ({protocols}; control API {server.url}/__testserver__/state)",
          flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
