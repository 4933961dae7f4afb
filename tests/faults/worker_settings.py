"""Settings of the task worker a fault test starts in its own process (``manage.py qcluster``):
the test's database, the ORM broker, a short task timeout, and a slow e-mail backend that
writes each message to a file the test reads."""

import os

from wemi_community.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["FAULT_DB_NAME"]  # noqa: F405
DATABASES["default"].pop("TEST", None)  # noqa: F405
Q_CLUSTER = {
    # The same name as the test process: it salts the signature of the queued tasks.
    "name": Q_CLUSTER["name"],  # noqa: F405
    "workers": 1,
    "timeout": int(os.environ["FAULT_Q_TIMEOUT"]),
    "retry": int(os.environ["FAULT_Q_RETRY"]),
    "max_attempts": 5,
    "catch_up": False,
    "orm": "default",
    "poll": 0.2,
    "label": "Task queue",
}
EMAIL_BACKEND = "tests.faults.slowmail.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["FAULT_MAIL_DIR"]
FAULT_MAIL_DELAY = float(os.environ.get("FAULT_MAIL_DELAY", "0.25"))
