"""Torju's URLs. Every view declares its access rule (torju.accounts.permissions)."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from torju.accounts.permissions import SIGNED_IN
from torju.statistics.urls import api_urlpatterns as statistics_api_urlpatterns
from torju.statistics.urls import public_api_urlpatterns as public_statistics_api_urlpatterns
from torju.statistics.urls import public_urlpatterns as public_statistics_urlpatterns


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for signed-in users (it holds no data)."""

    access_rule = SIGNED_IN


urlpatterns = [
    path("", include("torju.web.urls")),
    path("accounts/", include("torju.accounts.urls")),
    path("audit/", include("torju.audit.urls")),
    path("programme/", include("torju.programme.urls")),
    path("programme/", include("torju.programme.document_urls")),
    path("api/programme/", include("torju.programme.api_urls")),
    path("api/register/", include("torju.register.api_urls")),
    path("progress/", include("torju.programme.public_urls")),
    path("register/import/", include("torju.register.import_urls")),
    path("register/legal/", include("torju.legalpath.urls")),
    path("register/", include("torju.register.urls")),
    path("helpline/", include("torju.helpline.urls")),
    path("api/helpline/", include("torju.helpline.api_urls")),
    path("statistics/", include("torju.statistics.urls")),
    path("situation/", include("torju.situation.urls")),
    path("international/", include("torju.international.urls")),
    path("documents/", include("torju.documents.urls")),
    path("api/statistics/", include((statistics_api_urlpatterns, "statistics-api"))),
    path("public/statistics/", include((public_statistics_urlpatterns, "public_statistics"))),
    path("api/public/releases/", include((public_statistics_api_urlpatterns, "public-statistics-api"))),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("admin/", admin.site.urls),
]

handler400 = "torju.web.views.bad_request"
handler403 = "torju.web.views.permission_denied"
handler404 = "torju.web.views.page_not_found"
handler500 = "torju.web.views.server_error"
