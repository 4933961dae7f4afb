"""Shared pieces of the notification tests."""

from django.core.mail.backends.locmem import EmailBackend


def fail_the_second_send(monkeypatch) -> list:
    """The in-memory mail backend sends the first call's messages, then the SMTP server
    "goes away" on the second call; later calls send again. Returns the list of calls."""
    real_send = EmailBackend.send_messages
    calls = []

    def send_messages(self, messages):
        calls.append(messages)
        if len(calls) == 2:
            raise ConnectionError("SMTP server went away")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return calls
