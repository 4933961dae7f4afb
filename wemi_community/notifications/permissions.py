def can_receive_live_updates(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)
