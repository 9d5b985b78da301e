import pytest

from contacts.normalize import domain_fold, website_domain


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.example.de/kontakt?x=1", "example.de"),
        ("http://Example.DE", "example.de"),
        ("www.example.de", "example.de"),
        ("example.de/impressum", "example.de"),
        ("https://shop.example.de:8443/", "shop.example.de"),
        ("https://www.Müller.de", "müller.de"),
        ("http://www.xn--mller-kva.de", "müller.de"),
        ("www.example.co.uk.", "example.co.uk"),
        ("https://user:pw@www.example.com/", "example.com"),
        ("  https://www.example.fr  ", "example.fr"),
        ("wwwexample.de", "wwwexample.de"),
    ],
)
def test_host_without_www_scheme_port_and_path(url, domain):
    assert website_domain(url) == domain


@pytest.mark.parametrize(
    "url", ["", "   ", "keine", "http://", "http://[::1]/", "https://exa mple.de", "-"]
)
def test_no_domain(url):
    assert website_domain(url) == ""


def test_punycode_and_unicode_spelling_are_one_domain():
    assert domain_fold("XN--MLLER-KVA.de") == domain_fold("Müller.DE") == "müller.de"


def test_broken_punycode_label_is_kept():
    assert domain_fold("xn--99999999.de") == "xn--99999999.de"
