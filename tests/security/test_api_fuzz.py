"""API fuzzing: schemathesis generates requests for every operation of the app's own schema and sends
them as anonymous, each customer and each staff role. Every answer must be a documented status with a
body that matches the schema (and its content type), and none may be a server error.

Bounded (FUZZ_EXAMPLES per operation, role and mode) so that it runs in CI; each role's figures are
printed: operations, examples, server errors, schema violations.
"""
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,
                                               status_code_conformance)

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
ROLES = ["anonymous", "customer", "other_customer", "inspector", "support", "finance"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def tokens(alice, bob, ivan, sam, fiona):
    from rest_framework.authtoken.models import Token

    users = {"customer": alice.user, "other_customer": bob.user, "inspector": ivan, "support": sam,
             "finance": fiona}
    return {role: Token.objects.create(user=user).key for role, user in users.items()}


@pytest.fixture
def wsgi_app():
    """The real WSGI application, without the end-of-request connection close that would end the
    test's transaction (django.test.Client disconnects the same handlers)."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def authorized(alice, alice_order):
    from tests.factories import create_return

    return create_return(alice_order, alice.user)


def _fuzz(operation, mode, headers, fixed, tally):
    params = {name: value for name, value in fixed.items()
              if any(p.name == name for p in operation.path_parameters)}

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=params or None))
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def run(case):
        response = case.call(headers=headers)
        tally["examples"] += 1
        tally["server_errors"] += response.status_code >= 500
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collected, reported together
            tally["violations"].append(f"{operation.label} [{mode}] {response.status_code}: {str(exc)[:400]}")

    try:
        run()
    except Unsatisfiable:  # nothing in this operation can be made invalid (negative mode) - nothing to send
        tally["unsatisfiable"] += 1


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_as_every_role(role, tokens, authorized, wsgi_app, capsys):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    headers = {} if role == "anonymous" else {"Authorization": f"Token {tokens[role]}"}
    # Half of the operations on one return get a real one, so they reach their view instead of a 404.
    real = {"rma_number": authorized.rma_number, "line_id": authorized.lines.first().pk}
    tally = {"operations": 0, "examples": 0, "server_errors": 0, "unsatisfiable": 0, "violations": []}
    for index, result in enumerate(schema.get_all_operations()):
        operation = result.ok()
        tally["operations"] += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, headers, real if index % 2 else {}, tally)
    with capsys.disabled():
        print(f"\nfuzz {role}: operations={tally['operations']} examples={tally['examples']} "
              f"server_errors={tally['server_errors']} schema_violations={len(tally['violations'])}")
    assert tally["server_errors"] == 0 and not tally["violations"], "\n".join(tally["violations"][:30])
