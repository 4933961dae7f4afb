"""The e-mail backend of development: prints each message on the console, as Django's console
backend does, and keeps a copy in the local mailbox that ``/dev/posta/`` shows (DEBUG only),
so a newcomer reads the confirmation link in the browser."""

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

from . import mailbox


class EmailBackend(ConsoleEmailBackend):
    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        mailbox.store(email_messages)
        return super().send_messages(email_messages)
