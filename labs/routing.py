from django.urls import path

from .consumers import LabWallConsumer

websocket_urlpatterns = [
    path("ws/laboratori/<id:lab_id>/", LabWallConsumer.as_asgi()),
]
