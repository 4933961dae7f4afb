from django.urls import path

from .consumers import LabWallConsumer

websocket_urlpatterns = [
    path("ws/laboratori/<int:lab_id>/", LabWallConsumer.as_asgi()),
]
