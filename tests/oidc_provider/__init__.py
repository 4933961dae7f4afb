"""A tiny OpenID Connect provider (django-oauth-toolkit) standing in for the City's SPID/CIE
gateway in the tests and on a developer's machine: ``python tests/oidc_provider/serve.py``."""
