def assisted_session(request):
    """The open assisted session, for the banner on every page."""
    return {"desk_session": getattr(request, "desk_session", None)}
