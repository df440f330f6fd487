"""Fetching a source's address safely: http(s) only, public addresses only, bounded in time, size and type,
with a plain reason for every refusal. Each hop's host is resolved once, every address checked, and the
connection made to the address checked (the name in ``Host``, SNI and the certificate check), so a second
lookup cannot swap one in."""

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import urllib3
from django.conf import settings
from django.utils import timezone
from django.utils.http import parse_header_parameters

ALLOWED_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
MAX_REDIRECTS = 5
BY_HAND = {"redirect": False, "preload_content": False, "assert_same_host": False}  # each hop is checked first
TOTAL_READS = 3  # a whole fetch, redirects included, may take the connect timeout and three read timeouts


class FetchError(Exception):
    """``kind`` says why: scheme, address, dns, connection, timeout, redirects, status, type or size."""

    def __init__(self, kind, message, *, status=None, url=""):
        super().__init__(message)
        self.kind, self.status, self.url = kind, status, url


@dataclass
class Fetched:
    content_type: str  # without parameters, lower case
    body: bytes
    accessed_at: datetime
    url: str = ""  # as asked for; an uploaded file has none
    final_url: str = ""  # after redirects
    status: int = 0
    charset: str = ""
    headers: list = field(default_factory=list)  # [(name, value)] as received


def refused_address(address):
    """Why ``address`` (an IP address string) may not be fetched, or "" when it is public."""
    ip = ipaddress.ip_address(address.split("%")[0])
    ip = getattr(ip, "ipv4_mapped", None) or ip
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:  # 169.254.169.254 and fe80::, where cloud metadata services answer
        return "a link-local (metadata) address"
    # Shared (100.64.0.0/10), documentation and benchmark ranges are neither private nor global.
    if ip.is_unspecified or ip.is_reserved or ip.is_multicast or not (ip.is_private or ip.is_global):
        return "a reserved address"
    return "a private address" if ip.is_private else ""


def resolve(host, port):
    """Every address ``host`` resolves to, IPv4 first (the first is connected to)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError("dns", f"The name {host} could not be resolved ({error}).") from error
    return sorted(dict.fromkeys(info[4][0] for info in infos), key=lambda address: ":" in address)


def _checked_address(url):
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:  # a port out of range, a malformed IPv6 host
        raise FetchError("scheme", f"“{url}” is not a valid address ({error}).", url=url) from error
    if parts.scheme not in ("http", "https"):
        raise FetchError("scheme", f"Only http and https addresses can be fetched, not “{parts.scheme or url}”.")
    if not parts.hostname:
        raise FetchError("scheme", f"“{url}” names no host.")
    if parts.username or parts.password:
        raise FetchError("scheme", "Addresses with a user name or password are not fetched.")
    addresses = resolve(parts.hostname, port)
    for address in [] if settings.SOURCE_FETCH_ALLOW_PRIVATE else addresses:
        if reason := refused_address(address):
            raise FetchError("address", f"{parts.hostname} resolves to {address}, {reason}: not fetched.", url=url)
    return parts, port, addresses[0]


def _pool(parts, port, address, timeout):
    if parts.scheme == "http":
        return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    tls = {"server_hostname": parts.hostname, "assert_hostname": parts.hostname, "cert_reqs": "CERT_REQUIRED"}
    return urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False, **tls)


def _read(response, url, deadline):
    limit = settings.SOURCE_FETCH_MAX_BYTES
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError("size", f"The page is {int(declared):,} bytes, more than the limit of {limit:,}.", url=url)
    chunks, size = [], 0
    while chunk := response.read1(64 * 1024):  # what has arrived, so that the deadline is checked often
        size += len(chunk)
        if size > limit:
            raise FetchError("size", f"The page is larger than the limit of {limit:,} bytes.", url=url)
        if time.monotonic() > deadline:
            raise FetchError("timeout", f"{url} is arriving too slowly: not read whole in time.", url=url)
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url):
    """Fetch ``url``, following redirects (each checked as the first address was)."""
    connect, read = settings.SOURCE_FETCH_TIMEOUT
    deadline = time.monotonic() + connect + TOTAL_READS * read  # a page dripping in is cut off too
    headers = {"User-Agent": settings.SOURCE_FETCH_USER_AGENT, "Accept": ", ".join(ALLOWED_TYPES)}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts, port, address = _checked_address(current)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        pool = _pool(parts, port, address, urllib3.Timeout(connect=connect, read=read))
        try:
            with pool, pool.urlopen("GET", target, headers={**headers, "Host": parts.netloc}, **BY_HAND) as response:
                if location := response.get_redirect_location():
                    current = urljoin(current, location)
                    continue
                content_type, params = parse_header_parameters(response.headers.get("Content-Type", ""))
                if not 200 <= response.status < 300:
                    raise FetchError(
                        "status", f"{current} answered {response.status} {response.reason}.",
                        status=response.status, url=current,
                    )  # fmt: skip
                if content_type not in ALLOWED_TYPES:
                    raise FetchError(
                        "type", f"{current} is “{content_type or 'of no declared type'}”: only HTML, XHTML, "
                        "PDF and plain text are taken.", status=response.status, url=current,
                    )  # fmt: skip
                return Fetched(
                    url=url, final_url=current, status=response.status, content_type=content_type,
                    charset=params.get("charset", ""), headers=list(response.headers.items()),
                    body=_read(response, current, deadline), accessed_at=timezone.now(),
                )  # fmt: skip
        except urllib3.exceptions.NewConnectionError as error:  # refused, unreachable: urllib3 counts it a timeout
            raise FetchError("connection", f"{current} could not be reached ({error}).", url=current) from error
        except urllib3.exceptions.TimeoutError as error:
            raise FetchError("timeout", f"{current} did not answer in time ({error}).", url=current) from error
        except urllib3.exceptions.HTTPError as error:
            raise FetchError("connection", f"{current} could not be read ({error}).", url=current) from error
    raise FetchError("redirects", f"More than {MAX_REDIRECTS} redirects from {url}.", url=url)
