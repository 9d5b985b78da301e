"""Domains of websites and e-mail addresses, in one comparable form."""

from urllib.parse import urlsplit

from contacts.normalize.text import tidy


def domain_fold(domain: str) -> str:
    """A domain in lower-case Unicode form: "XN--MLLER-KVA.de." → "müller.de".

    Unicode rather than punycode, because that is what people type and read;
    either spelling of one domain gives the same value. A punycode label that
    does not decode is kept as it is.
    """
    labels = tidy(domain).rstrip(".").lower().split(".")
    return ".".join(_decoded(label) for label in labels)


def _decoded(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label


def website_domain(url: str) -> str:
    """Host of a website without scheme, port, path and "www.", or "".

    "https://www.Müller.de/kontakt" and "mueller.de" style input without a
    scheme both work; a value without a dotted host (e.g. "keine") gives "".
    """
    value = tidy(url)
    if not value:
        return ""
    if "//" not in value:
        value = "//" + value
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return ""
    host = domain_fold(host)
    if "." not in host or any(char.isspace() for char in host):
        return ""
    return host.removeprefix("www.")
