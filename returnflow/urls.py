from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import health, metrics, views

urlpatterns = [
    path("", views.home, name="home"),
    # For load balancers, orchestrators and Prometheus (README, "Deployment"): no login, no session.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file (?script), so no inline script is needed.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("portal/", include("portal.urls")),
    path("inspect/", include("inspection.urls")),
    path("support/outbox/", include("integrations.urls")),
    path("support/intelligence/", include("intelligence.urls")),
    path("support/", include("support.urls")),
]

if settings.DEBUG:
    # Local media in the embedded mode only; production serves media from its own storage.
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

# Errors outside the API's views (no route matched, CSRF, body too big) answer JSON under /api/.
handler400 = "returnflow.api_errors.bad_request"
handler403 = "returnflow.api_errors.permission_denied"
handler404 = "returnflow.api_errors.not_found"
handler500 = "returnflow.api_errors.server_error"
