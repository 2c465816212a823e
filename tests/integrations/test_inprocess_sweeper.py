"""Embedded mode (CELERY_BROKER_URL=memory://): a posting that failed transiently is retried by
the sweeper thread of the web process, without anyone running outbox_replay."""
import time

import pytest

from integrations import inprocess
from integrations.models import OdooPosting, PostingState
from tests.factories import create_return, receive_all
from tests.integrations.conftest import odoo_order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    (["manage.py", "runserver", "127.0.0.1:8000"], {"RUN_MAIN": "true"}, True),
    (["manage.py", "runserver", "--noreload"], {}, True),
    (["manage.py", "runserver"], {}, False),  # the autoreloader's parent does not serve
    (["manage.py", "migrate"], {}, False),
    (["manage.py", "outbox_replay"], {}, False),
    (["/venv/bin/gunicorn", "returnflow.wsgi"], {}, True),
    (["/venv/bin/celery", "-A", "returnflow", "worker"], {}, False),
    (["/tmp/some_script.py"], {}, False),
    (["manage.py", "migrate"], {"OUTBOX_INPROCESS_SWEEPER": "1"}, True),
    (["/venv/bin/gunicorn"], {"OUTBOX_INPROCESS_SWEEPER": "0"}, False),
])
def test_started_only_by_a_serving_web_process_in_embedded_mode(settings, argv, environ, expected):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "memory://", True
    assert inprocess.should_start(argv, environ, under_tests=False) is expected


def test_never_with_a_real_broker_or_under_tests(settings):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "redis://127.0.0.1:6379/0", False
    assert inprocess.should_start(["/venv/bin/gunicorn"], {}, under_tests=False) is False
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "memory://", True
    assert inprocess.should_start(["manage.py", "runserver", "--noreload"], {"RUN_MAIN": "true"}) is False


def test_a_transient_failure_is_retried_by_the_sweeper_thread(settings, odoo18, alice, tshirt, ivan):
    settings.CELERY_BROKER_URL, settings.CELERY_TASK_ALWAYS_EAGER = "memory://", True
    settings.OUTBOX_BACKOFF_BASE_SECONDS = 0  # due again at once; the sweep interval is the wait
    odoo18.add_fault("down", count=None)
    ret = create_return(odoo_order(alice, [tshirt], odoo18, quantities=(1,)), alice.user)
    receive_all(ret, ivan)
    posting = OdooPosting.objects.get(request=ret)
    assert posting.state == PostingState.PENDING  # "retry in N s", and no delayed task in this mode
    odoo18.clear_faults()
    sweeper = inprocess.start_sweeper(interval=0.2)
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and OdooPosting.objects.get(pk=posting.pk).state != PostingState.SENT:
            time.sleep(0.2)
    finally:
        inprocess.stop_sweeper()
    assert not sweeper.is_alive()
    assert OdooPosting.objects.get(pk=posting.pk).state == PostingState.SENT
    assert odoo18.store.search_read("stock.picking", [("origin", "=", f"{ret.rma_number}/receipt")],
                                    ["state"])[0]["state"] == "done"
