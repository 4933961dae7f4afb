"""The Wagtail admin's image and document forms with the site's upload checks
(``core/uploads.py``): named by ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and
``WAGTAILDOCS_DOCUMENT_FORM_BASE``, so adding, editing, the multiple uploader and the choosers'
upload all refuse what the rest of the site refuses, with the message next to the file field.
Apart from uploads.py because Wagtail's forms need the app registry loaded."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from wagtail.documents.fields import WagtailDocumentField
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .uploads import validate_document_upload, validate_image_upload


class CheckedWagtailImageField(WagtailImageField):
    """Wagtail's image field, our checks first so their messages are the ones people read."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_image_upload(data)
        return super().to_python(data)


class CheckedWagtailDocumentField(WagtailDocumentField):
    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_document_upload(data)
        return super().to_python(data)


def _swap_file_field(form, field_class) -> None:
    # Wagtail builds the file field in its own formfield callback; the multiple uploader's
    # edit form has none (the file is already stored).
    old = form.fields.get("file")
    if old is not None:
        form.fields["file"] = field_class(label=old.label, required=old.required, widget=old.widget)


class CheckedImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, CheckedWagtailImageField)


class CheckedDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _swap_file_field(self, CheckedWagtailDocumentField)

    def _update_errors(self, errors):
        # Once the field has refused the file, the model's own extension check (Document.clean)
        # reads an empty file and adds a second, confusing message: one is enough.
        if "file" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("file", None)
            if not errors.error_dict:
                return
        super()._update_errors(errors)
