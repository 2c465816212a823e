"""The real Django app, plus one slow path the graceful-shutdown test keeps in flight: `/__slow__?s=N`
sleeps N seconds, then answers whatever Django answers for /healthz."""
import os
import time
from pathlib import Path
from urllib.parse import parse_qs

from returnflow.wsgi import application as django_application


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/__slow__":
        if os.environ.get("SLOW_STARTED_MARKER"):  # tells the test the request is inside the worker now
            Path(os.environ["SLOW_STARTED_MARKER"]).touch()
        time.sleep(float(parse_qs(environ.get("QUERY_STRING", "")).get("s", ["2"])[0]))
        environ = {**environ, "PATH_INFO": "/healthz", "QUERY_STRING": ""}
    return django_application(environ, start_response)
