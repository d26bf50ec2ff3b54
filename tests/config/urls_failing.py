"""The site's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.urls import path

from config.urls import handler400, handler500, urlpatterns  # noqa: F401 (the handlers are used)


def failing_view(request):
    raise RuntimeError("something broke")


urlpatterns = [path("boom/", failing_view), *urlpatterns]
