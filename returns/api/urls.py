from rest_framework.routers import DefaultRouter

from .views import OrderViewSet, ReturnViewSet

router = DefaultRouter()
router.register("returns", ReturnViewSet, basename="return")
router.register("orders", OrderViewSet, basename="order")
urlpatterns = router.urls
