from rest_framework.routers import DefaultRouter

from .carrier_claims import CarrierClaimViewSet
from .imports import ImportViewSet
from .receiving import ParcelViewSet
from .support import DiscrepancyViewSet, PostingViewSet
from .views import OrderViewSet, ReturnViewSet

router = DefaultRouter()
router.register("returns", ReturnViewSet, basename="return")
router.register("orders", OrderViewSet, basename="order")
router.register("parcels", ParcelViewSet, basename="parcel")
router.register("discrepancies", DiscrepancyViewSet, basename="discrepancy")
router.register("postings", PostingViewSet, basename="posting")
router.register("imports", ImportViewSet, basename="import")
router.register("carrier-claims", CarrierClaimViewSet, basename="carrier-claim")
urlpatterns = router.urls
