from .comment_urls import urlpatterns as comment_urlpatterns
from .report_urls import urlpatterns as report_urlpatterns

app_name = "participation"

urlpatterns = comment_urlpatterns + report_urlpatterns
