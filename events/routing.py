from django.urls import path

from .consumers import EventSeatsConsumer

websocket_urlpatterns = [
    path("ws/eventi/<id:event_id>/", EventSeatsConsumer.as_asgi()),
]
