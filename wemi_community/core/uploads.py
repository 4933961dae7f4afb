"""Every file people upload goes through here: pictures (the admin's image library, an event's
picture) and documents (the admin's document library). The type is judged by the CONTENT,
never by the name alone, and the name must agree with it: a picture must be a JPEG, PNG, WebP
or GIF that Pillow reads, never SVG; a document's bytes must be what its extension says. A web
page, an SVG drawing or XML is refused whatever it is called, since a browser that met it on
our media URL could run its scripts. The limits are settings (``WEMI_UPLOAD_*``).

Pictures are measured from their header alone: a tiny PNG that declares 20000×20000 pixels
(a decompression bomb) is refused before anything is decoded."""

from __future__ import annotations

import os
import re
import warnings
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

# Pillow's name of each accepted format, and the extensions a file of it may carry.
IMAGE_FORMATS = {
    "JPEG": ("jpg", "jpeg"),
    "PNG": ("png",),
    "WEBP": ("webp",),
    "GIF": ("gif",),
}
IMAGE_EXTENSIONS = [ext for exts in IMAGE_FORMATS.values() for ext in exts]
IMAGE_FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}

# What a browser would take for markup (HTML, SVG, XML): looked for at the start of every file
# and anywhere in a text document. Browsers sniff a page from its first bytes even when the
# server says otherwise, so no such file is ever stored.
MARKUP_START = re.compile(
    rb"^(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?[\s\x00]*<(?:!doctype|html|head|body|script|svg"
    rb"|\?xml|iframe|object|embed|!--|a\s|img|div|style|title|table|p\b|br\b|h1)",
    re.IGNORECASE,
)
TEXT_MARKERS = re.compile(
    r"<\s*(?:script|html|svg|!doctype|iframe|object|embed|body|head|\?xml)\b|javascript:",
    re.IGNORECASE,
)
HEAD_BYTES = 1024

# Office files are ZIP archives; each kind has a member that says which it is.
OOXML_MEMBERS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
OPENDOCUMENT_MIMETYPES = {"odt": b"application/vnd.oasis.opendocument.text"}
TEXT_EXTENSIONS = ("csv", "txt")
# Every document extension this module can check; any other is refused (closed by default).
DOCUMENT_EXTENSIONS = ("pdf", "rtf", *OOXML_MEMBERS, *OPENDOCUMENT_MIMETYPES, *TEXT_EXTENSIONS)


# --- Reading the upload without trusting it -------------------------------------------------


def _extension(upload) -> str:
    return os.path.splitext(getattr(upload, "name", "") or "")[1].lower().lstrip(".")


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _head(upload) -> bytes:
    upload.seek(0)
    data = upload.read(HEAD_BYTES)
    upload.seek(0)
    return data


def _check_size(upload, limit: int) -> None:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s): the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )


def looks_like_markup(head: bytes) -> bool:
    """Whether these first bytes would make a browser see a web page, SVG or XML."""
    return bool(MARKUP_START.match(head))


def _refuse_markup(head: bytes) -> None:
    if looks_like_markup(head):
        raise ValidationError(
            _("This file contains a web page or an SVG drawing, which cannot be uploaded."),
            code="markup",
        )


# --- Pictures ---------------------------------------------------------------------------------


def image_limits() -> dict:
    return {
        "max_bytes": settings.WEMI_UPLOAD_IMAGE_MAX_BYTES,
        "max_pixels": settings.WEMI_UPLOAD_IMAGE_MAX_PIXELS,
        "max_side": settings.WEMI_UPLOAD_IMAGE_MAX_SIDE,
    }


def image_help_text() -> str:
    return _("JPEG, PNG, WebP or GIF, at most %(size)s.") % {
        "size": filesizeformat(settings.WEMI_UPLOAD_IMAGE_MAX_BYTES)
    }


def _too_many_pixels() -> ValidationError:
    megapixels = settings.WEMI_UPLOAD_IMAGE_MAX_PIXELS / 1_000_000
    megapixels = int(megapixels) if megapixels.is_integer() else round(megapixels, 1)
    return ValidationError(
        _(
            "The image has too many pixels: at most %(side)s pixels per side and "
            "%(megapixels)s million pixels in all."
        )
        % {
            "side": settings.WEMI_UPLOAD_IMAGE_MAX_SIDE,
            "megapixels": number_format(megapixels),
        },
        code="too_many_pixels",
    )


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("This file is not a picture: use a JPEG, PNG, WebP or GIF image."),
        code="not_an_image",
    )


def validate_image_upload(upload) -> None:
    """Refuses anything but a sound JPEG, PNG, WebP or GIF within the limits, whose name ends
    in an extension of its real format. Reads the header only: nothing is decoded."""
    _check_size(upload, settings.WEMI_UPLOAD_IMAGE_MAX_BYTES)
    head = _head(upload)
    _refuse_markup(head)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning becomes an error; our limits below are lower anyway.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload, formats=list(IMAGE_FORMATS)) as image:
                fmt = image.format
                width, height = image.size
                # Animated pictures are decoded frame after frame: every frame counts.
                frames = getattr(image, "n_frames", 1) if fmt in ("GIF", "WEBP") else 1
                if (
                    max(width, height) > settings.WEMI_UPLOAD_IMAGE_MAX_SIDE
                    or width * height * frames > settings.WEMI_UPLOAD_IMAGE_MAX_PIXELS
                ):
                    raise _too_many_pixels()
                # Checks the file's structure (PNG chunks' checksums) without decoding pixels.
                image.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except ValidationError:
        raise
    except UnidentifiedImageError:
        raise _not_an_image() from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a broken file
        raise ValidationError(
            _("The image is damaged or incomplete."), code="broken_image"
        ) from None
    finally:
        upload.seek(0)
    extension = _extension(upload)
    if extension not in IMAGE_FORMATS[fmt]:
        raise ValidationError(
            _(
                "The file's name ends in .%(extension)s but it holds a %(format)s image: give it "
                "the right extension (.%(right)s)."
            )
            % {
                "extension": extension or "?",
                "format": IMAGE_FORMAT_NAMES[fmt],
                "right": IMAGE_FORMATS[fmt][0],
            },
            code="wrong_extension",
        )


# --- Documents --------------------------------------------------------------------------------


def allowed_document_extensions() -> list[str]:
    """The extensions of settings that this module also knows how to check."""
    allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None) or DOCUMENT_EXTENSIONS
    return [ext for ext in allowed if ext in DOCUMENT_EXTENSIONS]


def _zip_members(upload) -> zipfile.ZipFile | None:
    upload.seek(0)
    try:
        return zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _content_matches(upload, extension: str, head: bytes) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in OOXML_MEMBERS or extension in OPENDOCUMENT_MIMETYPES:
        if not head.startswith(b"PK\x03\x04"):
            return False
        archive = _zip_members(upload)
        if archive is None:
            return False
        with archive:
            # Only the central directory and one tiny member are read: nothing is unpacked.
            names = set(archive.namelist())
            if extension in OOXML_MEMBERS:
                return "[Content_Types].xml" in names and OOXML_MEMBERS[extension] in names
            if "mimetype" not in names or archive.getinfo("mimetype").file_size > 100:
                return False
            return archive.read("mimetype").strip() == OPENDOCUMENT_MIMETYPES[extension]
    if extension in TEXT_EXTENSIONS:
        data = _read_all(upload)
        if b"\x00" in data:
            return False
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            return not TEXT_MARKERS.search(text)
        return False
    return False


def validate_document_upload(upload) -> None:
    """Refuses a document over the limit, of an extension not accepted, or whose bytes are
    not what its extension says (a web page named .pdf, a ZIP named .docx without Word's
    parts, text with HTML in it)."""
    _check_size(upload, settings.WEMI_UPLOAD_DOCUMENT_MAX_BYTES)
    extension = _extension(upload)
    allowed = allowed_document_extensions()
    if extension not in allowed:
        raise ValidationError(
            _("This type of document is not accepted: use %(extensions)s.")
            % {"extensions": ", ".join(f".{ext}" for ext in allowed)},
            code="extension",
        )
    head = _head(upload)
    _refuse_markup(head)
    try:
        matches = _content_matches(upload, extension, head)
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "The content of the file is not a .%(extension)s document, whatever its name "
                "says: upload the original file."
            )
            % {"extension": extension},
            code="content_mismatch",
        )


# --- Form fields (the Wagtail admin's forms are in upload_admin_forms.py) -------------------


class CheckedImageField(forms.FileField):
    """A form's picture field. A plain FileField underneath: Django's ImageField would answer a
    decompression bomb or an SVG with its vague "not a valid image"."""

    default_validators = [validate_image_upload]

    def __init__(self, **kwargs):
        # Lazy: the field is built at import, the text is read in the request's language.
        kwargs.setdefault("help_text", lazy(image_help_text, str)())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault(
            "accept", ",".join(f"image/{fmt.lower()}" for fmt in IMAGE_FORMATS)
        )


class CheckedDocumentField(forms.FileField):
    """A form's document field: Django's checks, then ``validate_document_upload``."""

    default_validators = [validate_document_upload]
