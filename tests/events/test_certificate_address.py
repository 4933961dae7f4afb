"""A certificate is printed and checked later, elsewhere: its verification link (text and QR
code) is on the public address, SITE_URL, whatever host the PDF was downloaded from."""

from wemi_community.certificates.models import Certificate
from wemi_community.certificates.pdf import verify_url


def test_the_verification_link_is_on_site_url(settings):
    settings.SITE_URL = "https://wemi.example"
    certificate = Certificate(code="WEMI-AB2C-DE3F")
    assert verify_url(certificate) == "https://wemi.example/verifica/WEMI-AB2C-DE3F/"
