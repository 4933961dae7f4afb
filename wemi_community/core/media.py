"""The media URL when the site serves MEDIA_ROOT itself (development and ``make run``, with
DEBUG on). Whatever is in there, only pictures are shown in the browser: every other file is
a download (``Content-Disposition: attachment``), never sniffed (``nosniff``) and, should a
browser open it all the same, sandboxed with no right to load or run anything. A proxy serving
MEDIA_ROOT in production must send the same headers (README, "Scaling out")."""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.utils.http import content_disposition_header
from django.views.static import serve

# The formats core/uploads.py accepts as pictures: safe to show inline.
INLINE_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
SANDBOX_POLICY = "default-src 'none'; sandbox"


def serve_media(request, path: str):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if response.status_code == 200 and content_type not in INLINE_CONTENT_TYPES:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=posixpath.basename(path)
        )
    response["X-Content-Type-Options"] = "nosniff"
    # Set here, so the site's policy middleware leaves it as it is.
    response["Content-Security-Policy"] = SANDBOX_POLICY
    return response
