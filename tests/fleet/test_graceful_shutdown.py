"""A web request in flight survives SIGTERM: a real gunicorn (gunicorn.conf.py) on a free port."""
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.fleet.conftest import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]


def test_sigterm_lets_the_request_in_flight_finish(tmp_path):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "returnflow.test_settings", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "WEB_CONCURRENCY": "1", "GUNICORN_GRACEFUL_TIMEOUT": "15",
           "GUNICORN_WSGI_APP": "tests.fleet.slow_wsgi:application",
           "MEDIA_ROOT": str(tmp_path / "media"), "PYTHONPATH": str(ROOT),
           "SLOW_STARTED_MARKER": str(tmp_path / "in-flight")}
    log = open(tmp_path / "gunicorn.log", "wb")
    master = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-c", str(ROOT / "gunicorn.conf.py")],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=60, proc=master)
        outcome = {}

        def slow_request():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/__slow__?s=3", timeout=30) as response:
                    outcome["status"], outcome["body"] = response.status, response.read()
            except Exception as exc:  # noqa: BLE001 - recorded for the assertion below
                outcome["error"] = repr(exc)

        in_flight = threading.Thread(target=slow_request)
        in_flight.start()
        deadline = time.monotonic() + 30
        while not (tmp_path / "in-flight").exists():  # wait until the request is inside the worker
            assert time.monotonic() < deadline and in_flight.is_alive(), outcome
            time.sleep(0.05)
        sent_at = time.monotonic()
        master.send_signal(signal.SIGTERM)
        in_flight.join(30)
        assert outcome.get("status") == 200, (outcome, (tmp_path / "gunicorn.log").read_text()[-2000:])
        assert outcome["body"] == b'{"status": "ok"}'
        assert master.wait(30) == 0
        assert time.monotonic() - sent_at >= 1.5  # it waited for the request rather than cutting it
    finally:
        if master.poll() is None:
            master.kill()
            master.wait()
