from wemi_community.core.live import LiveJsonConsumer

from .live import user_group
from .permissions import can_receive_live_updates


class UserStreamConsumer(LiveJsonConsumer):
    """A signed-in person's private stream: each tab joins the person's group and nothing else."""

    async def connect(self):
        user = self.scope.get("user")
        if not can_receive_live_updates(user):
            await self.close(code=4403)
            return
        if not await self.join(user_group(user.pk)):
            return  # closed with the "paused" code: the page polls until the layer is back

    async def receive_json(self, content, **kwargs):
        # Clients only listen on this stream; anything they send is ignored.
        return

    async def notify_push(self, event):
        await self.send_json(event["payload"])
