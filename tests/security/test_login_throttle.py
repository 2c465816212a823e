"""Logins are throttled by user name and by address (django-axes), with a clear page and an admin unlock."""
import pytest

pytestmark = pytest.mark.django_db

WRONG = "not-the-password"


def _login(client, path, username, password, ip="10.9.0.1"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_forty_wrong_passwords_then_the_right_one_is_still_refused(client, sam, path, settings):
    sam.is_staff = True
    sam.save()
    for _ in range(40):
        assert _login(client, path, "sam", WRONG).status_code in (200, 429)
    response = _login(client, path, "sam", "pw-test-1234")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in temporarily locked" in page and "Try again in 15 minutes" in page
    assert "ask an administrator to unlock" in page
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in client.session


def test_one_user_name_is_locked_from_any_address(client, sam):
    for attempt in range(10):
        _login(client, "/accounts/login/", "sam", WRONG, ip=f"10.8.{attempt}.1")
    assert _login(client, "/accounts/login/", "sam", "pw-test-1234", ip="10.7.0.1").status_code == 429


def test_one_address_trying_many_users_is_locked_for_all_of_them(client, sam, ivan):
    for attempt in range(10):
        _login(client, "/accounts/login/", f"guess{attempt}", WRONG, ip="10.6.0.1")
    assert _login(client, "/accounts/login/", "ivan", "pw-test-1234", ip="10.6.0.1").status_code == 429
    assert _login(client, "/accounts/login/", "ivan", "pw-test-1234", ip="10.6.0.2").status_code == 302


def test_a_few_mistakes_then_the_right_password_logs_in_and_resets_the_count(client, sam):
    for _ in range(9):
        assert _login(client, "/accounts/login/", "sam", WRONG).status_code == 200
    assert _login(client, "/accounts/login/", "sam", "pw-test-1234").status_code == 302
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.filter(username="sam").exists()


def test_an_admin_unlocks_a_user_in_the_admin(client, sam, django_user_model):
    from axes.models import AccessAttempt
    from django.test import Client

    for _ in range(10):
        _login(client, "/accounts/login/", "sam", WRONG)
    assert _login(client, "/accounts/login/", "sam", "pw-test-1234").status_code == 429
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-1234"))
    listing = admin.get("/admin/axes/accessattempt/")  # Admin ▸ Axes ▸ Access attempts
    assert listing.status_code == 200 and "sam" in listing.content.decode()
    attempts = list(AccessAttempt.objects.filter(username="sam").values_list("pk", flat=True))
    admin.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": attempts,
                                              "post": "yes"})
    assert not AccessAttempt.objects.filter(username="sam").exists()
    assert _login(client, "/accounts/login/", "sam", "pw-test-1234").status_code == 302
