from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from khoagiao.api.main import api
from khoagiao.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("tai-khoan/", include("khoagiao.accounts.urls")),
    path("don-vi/", include("khoagiao.orgs.urls")),
    path("bao-cao/", include("khoagiao.reporting.urls")),
    path("nhiem-vu/", include("khoagiao.tasks.urls")),
    path("giao-ban/", include("khoagiao.meetings.urls")),
    path("van-ban-chi-dao/", include("khoagiao.directives.urls")),
    path("du-luan/", include("khoagiao.opinion.urls")),
    path("thong-bao/", include("khoagiao.core.urls_notifications")),
    path("", include("khoagiao.core.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
