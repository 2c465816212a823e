"""Every model has an admin page, and each page opens for an administrator."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

OUR_APPS = {"returns", "inspection", "refunds", "integrations"}


def test_every_model_of_the_app_is_registered_in_the_admin():
    missing = [f"{m._meta.app_label}.{m.__name__}" for m in apps.get_models()
               if m._meta.app_label in OUR_APPS and m not in admin.site._registry]
    assert missing == []


@pytest.mark.django_db
def test_each_admin_list_page_opens(client):
    root = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1234")
    client.force_login(root)
    for model in admin.site._registry:
        if model._meta.app_label in OUR_APPS:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            assert client.get(url).status_code == 200, url
