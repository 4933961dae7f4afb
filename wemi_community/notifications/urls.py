from .email_urls import urlpatterns as email_urlpatterns
from .inbox_urls import urlpatterns as inbox_urlpatterns

app_name = "notifications"

urlpatterns = inbox_urlpatterns + email_urlpatterns
