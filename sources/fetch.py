"""Fetching a source's address safely: only http(s), only public addresses, bounded in time
(connect and read timeouts, a deadline for the whole), size and type, with a plain reason
for every refusal (:class:`FetchError`).

The host name is resolved once per hop and every address it resolves to is checked; the
connection is then made to the address that was checked (urllib3 is given the address, with
the name in ``Host``, in TLS's SNI and for the certificate check), so a second lookup cannot
swap in another address. Redirects are followed by hand, each hop checked the same way.
``SOURCE_FETCH_ALLOW_PRIVATE`` lifts the address check (tests fetch from 127.0.0.1).
"""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils import timezone

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
TOTAL_READS = 3  # a whole fetch, redirects included, may take the connect timeout and three read timeouts


class FetchError(Exception):
    """A fetch refused or failed; ``kind`` names why (``scheme``, ``address``, ``dns``,
    ``connection``, ``timeout``, ``redirects``, ``status``, ``type``, ``size``)."""

    def __init__(self, kind, message, *, status=None, url=""):
        super().__init__(message)
        self.kind, self.status, self.url = kind, status, url


@dataclass
class Fetched:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # without parameters, lower case
    charset: str
    headers: list  # [(name, value)] as received
    body: bytes
    accessed_at: datetime
    redirects: list = field(default_factory=list)  # the addresses redirected from, in order


def refused_address(address):
    """Why ``address`` (an IP address string) may not be fetched, or "" when it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    ip = getattr(ip, "ipv4_mapped", None) or ip
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:  # 169.254.169.254 and fe80::, where cloud metadata services answer
        return "a link-local (metadata) address"
    if ip.is_unspecified or ip.is_reserved or ip.is_multicast:
        return "a reserved address"
    if ip.is_private:
        return "a private address"
    if not ip.is_global:  # shared (100.64.0.0/10), documentation and benchmark ranges
        return "a reserved address"
    return ""


def resolve(host, port):
    """The addresses ``host`` resolves to, every one, IPv4 first (the first is connected to)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("dns", f"The name {host} could not be resolved ({error}).") from error
    return sorted(dict.fromkeys(info[4][0] for info in infos), key=lambda address: ":" in address)


def _checked_address(url, allow_private):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError("scheme", f"Only http and https addresses can be fetched, not “{parts.scheme or url}”.")
    if not parts.hostname:
        raise FetchError("scheme", f"“{url}” names no host.")
    if parts.username or parts.password:
        raise FetchError("scheme", "Addresses with a user name or password are not fetched.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolve(parts.hostname, port)
    if not allow_private:
        for address in addresses:
            reason = refused_address(address)
            if reason:
                raise FetchError("address", f"{parts.hostname} resolves to {address}, {reason}: not fetched.", url=url)
    return parts, port, addresses[0]


def _pool(parts, port, address, timeout):
    if parts.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address, port, timeout=timeout, retries=False, server_hostname=parts.hostname,
            assert_hostname=parts.hostname, cert_reqs="CERT_REQUIRED",
        )  # fmt: skip
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)


def _host_header(parts, port):
    default = 443 if parts.scheme == "https" else 80
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return host if port == default else f"{host}:{port}"


def _read(response, limit, url, deadline):
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError("size", f"The page is {int(declared):,} bytes, more than the limit of {limit:,}.", url=url)
    chunks, size = [], 0
    while chunk := response.read1(CHUNK):  # what has arrived, so that the deadline is checked often
        size += len(chunk)
        if size > limit:
            raise FetchError("size", f"The page is larger than the limit of {limit:,} bytes.", url=url)
        if time.monotonic() > deadline:
            raise FetchError("timeout", f"{url} is arriving too slowly: not read whole in time.", url=url)
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url, *, allow_private=None, timeout=None, max_bytes=None, raise_status=True):
    """Fetch ``url`` (following redirects) and return a :class:`Fetched`; a refusal or a
    failure raises :class:`FetchError`. ``raise_status=False`` returns a final answer other
    than 2xx (with an empty body) instead of raising."""
    allow_private = settings.SOURCE_FETCH_ALLOW_PRIVATE if allow_private is None else allow_private
    connect, read = timeout or settings.SOURCE_FETCH_TIMEOUT
    deadline = time.monotonic() + connect + TOTAL_READS * read  # a page dripping in is cut off too
    limit = max_bytes or settings.SOURCE_FETCH_MAX_BYTES
    headers = {"User-Agent": settings.SOURCE_FETCH_USER_AGENT, "Accept": ", ".join(ALLOWED_TYPES)}
    current, redirects = url, []
    while True:
        parts, port, address = _checked_address(current, allow_private)
        target = parts.path or "/"
        target += f"?{parts.query}" if parts.query else ""
        pool = _pool(parts, port, address, urllib3.Timeout(connect=connect, read=read))
        try:
            response = pool.urlopen(
                "GET", target, headers={**headers, "Host": _host_header(parts, port)},
                redirect=False, preload_content=False, assert_same_host=False,
            )  # fmt: skip
            try:
                if response.status in REDIRECTS and response.headers.get("Location"):
                    redirects.append(current)
                    if len(redirects) > MAX_REDIRECTS:
                        raise FetchError("redirects", f"More than {MAX_REDIRECTS} redirects from {url}.", url=url)
                    current = urljoin(current, response.headers["Location"])
                    continue
                content_type, _, params = response.headers.get("Content-Type", "").partition(";")
                content_type = content_type.strip().lower()
                charset = next(
                    (v.strip().strip("\"'") for k, _, v in (p.partition("=") for p in params.split(";"))
                     if k.strip().lower() == "charset"), "",
                )  # fmt: skip
                if not 200 <= response.status < 300:
                    if raise_status:
                        raise FetchError(
                            "status", f"{current} answered {response.status} {response.reason}.",
                            status=response.status, url=current,
                        )  # fmt: skip
                    body = b""
                elif content_type not in ALLOWED_TYPES:
                    raise FetchError(
                        "type", f"{current} is “{content_type or 'of no declared type'}”: only HTML, XHTML, "
                        "PDF and plain text are taken.", status=response.status, url=current,
                    )  # fmt: skip
                else:
                    body = _read(response, limit, current, deadline)
                return Fetched(
                    url=url, final_url=current, status=response.status, content_type=content_type,
                    charset=charset, headers=list(response.headers.items()), body=body,
                    accessed_at=timezone.now(), redirects=redirects,
                )  # fmt: skip
            finally:
                response.release_conn()
        except urllib3.exceptions.TimeoutError as error:
            raise FetchError("timeout", f"{current} did not answer in time ({error}).", url=current) from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError("connection", f"{current} could not be read ({error}).", url=current) from error
        finally:
            pool.close()
