"""The dock's expected parcels and the liquidation lots; included by inspection/urls.py (same namespace)."""
from django.urls import path

from . import views_expected, views_liquidation

LOT = "liquidation/<str:reference>/"
urlpatterns = [
    path("expected/", views_expected.expected, name="expected"),
    path("liquidation/", views_liquidation.lots, name="liquidation_lots"),
    path("liquidation/new/", views_liquidation.lot_new, name="liquidation_new"),
    path(LOT, views_liquidation.lot, name="liquidation_lot"),
    path(LOT + "scan/", views_liquidation.lot_scan, name="liquidation_scan"),
    path(LOT + "remove/", views_liquidation.lot_remove, name="liquidation_remove"),
    path(LOT + "close/", views_liquidation.lot_close_view, name="liquidation_close"),
    path(LOT + "sale/", views_liquidation.lot_sale, name="liquidation_sale"),
    path(LOT + "manifest.<str:fmt>", views_liquidation.manifest, name="liquidation_manifest"),
]
