"""An e-mail backend as slow as a distant mail server, for the fault tests: each message
first leaves a ``.sending`` marker, then waits, then is written whole as ``.eml`` (renamed
into place, so a reader never sees half a message). A worker killed between the two has
not sent that message."""

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class SlowFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.EMAIL_FILE_PATH)
        for message in email_messages:
            name = uuid.uuid4().hex
            (directory / f"{name}.sending").write_text(",".join(message.to))
            time.sleep(settings.FAULT_MAIL_DELAY)
            partial = directory / f"{name}.part"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(directory / f"{name}.eml")
        return len(email_messages)
