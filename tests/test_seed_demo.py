import pytest
from django.core.management import call_command

from returns.choices import ReturnStatus
from returns.models import Product, ReturnRequest, SalesOrder


@pytest.mark.django_db
def test_seed_demo_makes_returns_in_every_state_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = (Product.objects.count(), SalesOrder.objects.count(), ReturnRequest.objects.count())
    assert first[0] >= 30 and Product.objects.filter(final_sale=True).exists()
    assert Product.objects.filter(serialized=True, category__code="electronics").exists()
    assert set(ReturnRequest.objects.values_list("state", flat=True)) == set(ReturnStatus.values)
    assert "alice" in capsys.readouterr().out
    call_command("seed_demo")
    assert (Product.objects.count(), SalesOrder.objects.count(), ReturnRequest.objects.count()) == first
