#!/usr/bin/env python
"""Runs the test OpenID Connect provider: a stand-in for the City's SPID/CIE gateway that
signs in one fixed test person (no password, no consent page) and sends the SPID/CIE
profile's claims (codice fiscale, names, e-mail).

    .venv/bin/python tests/oidc_provider/serve.py --port 8100

prints the variables to export before ``make run``. The tests start it the same way, on a
free port, with their own data folder and person file. It listens on 127.0.0.1 only."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "wemi-community"
CLIENT_SECRET = "wemi-community-test-secret"  # noqa: S105 - a local test provider's
CALLBACK_PATH = "/account/spid/ritorno/"


def make_key(path: Path) -> None:
    """A fresh RSA key for the id_tokens, unless the data folder has one."""
    if path.exists():
        return
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def register_client(redirect_uris: list[str]) -> None:
    from oauth2_provider.models import Application

    application = Application.objects.filter(client_id=CLIENT_ID).first() or Application(
        client_id=CLIENT_ID
    )
    application.name = "WeMi Community"
    application.client_secret = CLIENT_SECRET  # hashed when saved
    application.client_type = Application.CLIENT_CONFIDENTIAL
    application.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    application.redirect_uris = " ".join(redirect_uris)
    application.algorithm = Application.RS256_ALGORITHM
    application.skip_authorization = True
    application.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--data-dir", help="where its database and key live (a new temporary folder by default)"
    )
    parser.add_argument(
        "--site",
        action="append",
        help="the site's address, for the redirect URI (default: http://127.0.0.1:8000 and "
        "http://localhost:8000; any port of 127.0.0.1 and localhost is accepted anyway)",
    )
    args = parser.parse_args(argv)

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="wemi-oidc-provider-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    make_key(data_dir / "key.pem")
    os.environ["OIDC_PROVIDER_DATA"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0)
    sites = args.site or ["http://127.0.0.1:8000", "http://localhost:8000"]
    register_client(
        [site.rstrip("/") + CALLBACK_PATH for site in sites] + ["http://testserver" + CALLBACK_PATH]
    )

    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            if os.environ.get("OIDC_PROVIDER_VERBOSE"):
                super().log_message(format, *args)

    server = make_server("127.0.0.1", args.port, get_wsgi_application(), handler_class=QuietHandler)
    issuer = f"http://127.0.0.1:{args.port}/o"
    print("Test SPID/CIE provider ready. For the site, export:", flush=True)
    print(f"export OIDC_ISSUER={issuer}", flush=True)
    print(f"export OIDC_CLIENT_ID={CLIENT_ID}", flush=True)
    print(f"export OIDC_CLIENT_SECRET={CLIENT_SECRET}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
