from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .live import user_group
from .permissions import can_receive_live_updates


class UserStreamConsumer(AsyncJsonWebsocketConsumer):
    """A signed-in person's private stream: each tab joins the person's group and nothing else."""

    async def connect(self):
        user = self.scope.get("user")
        if not can_receive_live_updates(user):
            await self.close(code=4403)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Clients only listen on this stream; anything they send is ignored.
        return

    async def notify_push(self, event):
        await self.send_json(event["payload"])
