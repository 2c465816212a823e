"""An in-project Odoo 18/19 *test sandbox* (NOT a real Odoo), pure standard library.

It speaks Odoo's external APIs over real HTTP -- XML-RPC (``/xmlrpc/2``), JSON-RPC
(``/jsonrpc``) and, as Odoo 19, JSON-2 (``/json/2/<model>/<method>``) -- and keeps
Odoo's models, field names and workflow rules in memory for the models the returns
app uses, as established by the recorded exchanges with real Odoo 18 and 19
(tests/data/odoo/recordings). Use it from pytest::

    srv = OdooTestServer(version=19).start()
    srv.url, srv.db, srv.fixture["partner"]
    srv.add_fault("apply_then_drop", model="account.move", method="action_post")
    srv.calls(model="stock.picking", method="create")
    srv.stop()

or run it: ``python -m odoo_testserver --port 8069 --version 18``.
"""

from .faults import MODES as FAULT_MODES
from .seed import SandboxStore, build_store
from .server import BANNER, DEFAULT_API_KEY, DEFAULT_DEMO_API_KEY, OdooTestServer

__all__ = ["BANNER", "DEFAULT_API_KEY", "DEFAULT_DEMO_API_KEY", "FAULT_MODES", "OdooTestServer", "SandboxStore",
           "build_store"]
