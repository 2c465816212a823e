"""Permissions read in one query (returnflow.permission_cache): the same answers as Django's
ModelBackend gives on its own, for a user's own and their groups' permissions, over real HTTP too."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from returnflow.permission_cache import prime
from returns.roles import SUPPORT
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # no permission cache yet


def test_one_query_gives_what_the_backend_reads_in_two():
    user = make_user("mixed", SUPPORT)
    user.user_permissions.add(Permission.objects.get(codename="receive_return"))
    plain = _fresh(user)
    expected = (plain.get_user_permissions(), plain.get_group_permissions(), plain.get_all_permissions())
    primed = _fresh(user)
    with CaptureQueriesContext(connection) as queries:
        prime(primed)
        answers = (primed.get_user_permissions(), primed.get_group_permissions(), primed.get_all_permissions())
        assert primed.has_perm("returns.receive_return") and primed.has_perm("returns.review_return")
        assert not primed.has_perm("returns.approve_refund")
    assert len(queries) == 1
    assert answers == expected and "returns.receive_return" in answers[0] and "returns.review_return" in answers[1]


def test_inactive_and_superusers_are_left_to_the_backend():
    inactive = make_user("gone", SUPPORT, is_active=False)
    boss = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw-test-1234")
    for user in (_fresh(inactive), _fresh(boss)):
        with CaptureQueriesContext(connection) as queries:
            prime(user)
        assert len(queries) == 0
    assert not _fresh(inactive).has_perm("returns.review_return") and _fresh(boss).has_perm("returns.review_return")


def test_pages_and_the_api_still_check_roles(client, alice, sam):
    client.force_login(alice.user)
    assert client.get("/support/").status_code == 403  # a customer on the console
    assert client.get("/api/returns/").status_code == 200  # their own list
    client.force_login(sam)
    assert client.get("/support/").status_code == 200
    client.logout()
    assert client.get("/api/returns/").status_code == 403
