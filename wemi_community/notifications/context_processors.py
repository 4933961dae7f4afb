from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request):
    """The bell's count, queried only by a page that shows it."""
    user = getattr(request, "user", None)

    def count():
        if user is None or not user.is_authenticated:
            return 0

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return {"unread_notifications": SimpleLazyObject(count)}
