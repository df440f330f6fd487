"""Score a response's headers by the rules of Mozilla's HTTP Observatory.

The rules and modifiers are those published at
https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring
(and implemented in mdn/mdn-http-observatory, src/analyzer/tests/ and src/grader/charts.js):

- start at 100; subtract the penalties; only if the result is 90 or more, add the bonuses;
- Content-Security-Policy: missing -25; 'unsafe-inline', data: or a broad source (*, https:)
  in script-src, or a broad object-src -20; 'unsafe-eval' -10; unsafe style-src only 0;
  default-src 'none' and nothing unsafe +10 (form-action must then be 'self' or 'none'),
  otherwise +5;
- cookies: none 0; a session cookie (name with "sess" or "login") without Secure -40 or
  without HttpOnly -30; an anti-CSRF cookie without SameSite -20; SameSite other than
  Strict/Lax/None -20; any cookie without Secure -20; all Secure, session ones HttpOnly and
  all with SameSite +5;
- Strict-Transport-Security: missing -20; max-age under six months (15552000 s) -10;
- Referrer-Policy: no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin +5;
  origin, origin-when-cross-origin, unsafe-url, no-referrer-when-downgrade or unknown -5;
- X-Content-Type-Options: anything but nosniff -5;
- X-Frame-Options: CSP frame-ancestors +5; DENY or SAMEORIGIN 0; missing or invalid -20;
- Cross-Origin-Resource-Policy: same-origin or same-site +10; invalid -5;
- redirection (when the plain-HTTP answer is given): not to https on the same host -20;
- subresource integrity: an external script without integrity -5 (https) or -50 (http);
- CORS: Access-Control-Allow-Origin: * with credentials -50.

Left out, as a test client cannot see them: the HSTS preload list (+5) and certificates.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

GRADES = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"), (60, "C+"), (50, "C"), (45, "C-")]
GRADES += [(40, "D+"), (30, "D"), (25, "D-"), (0, "F")]
BROAD = {"*", "http:", "https:", "ftp:", "http://*", "https://*", "http://*.*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
PRIVATE_REFERRER = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
SIX_MONTHS = 15_552_000


@dataclass
class Score:
    modifiers: dict = field(default_factory=dict)  # test -> (modifier, why)

    @property
    def score(self):
        penalties = sum(modifier for modifier, _ in self.modifiers.values() if modifier < 0)
        bonuses = sum(modifier for modifier, _ in self.modifiers.values() if modifier > 0)
        base = max(0, 100 + penalties)
        return base + bonuses if base >= 90 else base

    @property
    def grade(self):
        return next(grade for floor, grade in GRADES if self.score >= floor)

    def __str__(self):
        lines = [f"{self.score} ({self.grade})"]
        lines += [f"  {modifier:+4d} {test}: {why}" for test, (modifier, why) in self.modifiers.items()]
        return "\n".join(lines)


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy.setdefault(name.lower(), set(sources))
    return policy


def csp_modifier(headers):
    if "Content-Security-Policy" not in headers:
        return -25, "not implemented"
    policy = parse_csp(headers["Content-Security-Policy"])
    script = policy.get("script-src", policy.get("default-src", {"*"}))
    objects = policy.get("object-src", policy.get("default-src", {"*"}))
    style = policy.get("style-src", policy.get("default-src", {"*"}))
    if script & (BROAD | UNSAFE_INLINE) or objects & BROAD:
        return -20, "unsafe-inline, data: or a broad source in script-src, or a broad object-src"
    if "'unsafe-eval'" in script | style:
        return -10, "unsafe-eval"
    if style & (BROAD | UNSAFE_INLINE):
        return 0, "unsafe style-src"
    form_action = policy.get("form-action", {"*"})
    if policy.get("default-src") == {"'none'"} and form_action <= {"'self'", "'none'"}:
        return 10, "default-src 'none', nothing unsafe, form-action restricted"
    return 5, "nothing unsafe"


def cookies_modifier(cookies, hsts):
    if not cookies:
        return 0, "no cookies"
    worst = []
    for name, morsel in cookies.items():
        session, anticsrf = any(word in name.lower() for word in ("sess", "login")), "csrf" in name.lower()
        samesite = (morsel["samesite"] or "").lower()
        if samesite and samesite not in {"strict", "lax", "none"}:
            worst.append((-20, f"{name}: invalid SameSite"))
        if not morsel["secure"]:
            worst.append(
                (-40 if session and not hsts else -10 if session else -5 if hsts else -20, f"{name}: no Secure")
            )
        if session and not morsel["httponly"]:
            worst.append((-30, f"{name}: session cookie without HttpOnly"))
        if anticsrf and not samesite:
            worst.append((-20, f"{name}: anti-CSRF cookie without SameSite"))
        if not samesite:
            worst.append((0, f"{name}: no SameSite"))
    if worst:
        return min(worst)
    return 5, "Secure, HttpOnly sessions, SameSite"


def hsts_modifier(headers):
    header = headers.get("Strict-Transport-Security")
    if not header:
        return -20, "not implemented"
    match = re.search(r"max-age=(\d+)", header.lower())
    if not match or "," in header:
        return -20, "invalid"
    if int(match.group(1)) < SIX_MONTHS:
        return -10, "max-age under six months"
    return 0, f"max-age {match.group(1)}"


def referrer_modifier(headers):
    values = [value.strip().lower() for value in headers.get("Referrer-Policy", "").split(",") if value.strip()]
    if not values:
        return 0, "not implemented"
    if values[-1] in PRIVATE_REFERRER:
        return 5, values[-1]
    return -5, f"{values[-1]}: unsafe or invalid"


def frame_modifier(headers):
    if "frame-ancestors" in parse_csp(headers.get("Content-Security-Policy", "")):
        return 5, "CSP frame-ancestors"
    if headers.get("X-Frame-Options", "").strip().lower() in {"deny", "sameorigin"}:
        return 0, headers["X-Frame-Options"]
    return -20, "not implemented or invalid"


def corp_modifier(headers):
    value = headers.get("Cross-Origin-Resource-Policy", "").strip().lower()
    if value in {"same-origin", "same-site"}:
        return 10, value
    if value and value != "cross-origin":
        return -5, "invalid"
    return 0, value or "not implemented"


def sri_modifier(response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return 0, "not HTML"
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode(errors="replace"), re.IGNORECASE)
    for tag in scripts:
        src = re.search(r'\bsrc=["\']?([^"\' >]+)', tag)
        url = urlsplit(src.group(1)) if src else None
        external = url is not None and url.netloc and url.netloc != host
        if external and "integrity=" not in tag:
            return (-5 if url.scheme == "https" else -50), f"external script without SRI: {src.group(1)}"
    return 0, "all scripts from the same origin" if scripts else "no scripts"


def redirect_modifier(http_response, host):
    location = urlsplit(http_response.headers.get("Location", ""))
    if http_response.status_code in {301, 302, 307, 308} and location.scheme == "https" and location.netloc == host:
        return 0, "redirects to https on the same host"
    return -20, "does not redirect to https"


def cors_modifier(headers):
    credentials = headers.get("Access-Control-Allow-Credentials", "").lower() == "true"
    if headers.get("Access-Control-Allow-Origin") == "*" and credentials:
        return -50, "universal access with credentials"
    return 0, "no universal credentialed access"


def observatory_score(response, *, host, http_response=None):
    """The Observatory's score of a response fetched over HTTPS from ``host``."""
    headers = response.headers
    hsts = hsts_modifier(headers)
    modifiers = {
        "content-security-policy": csp_modifier(headers),
        "cookies": cookies_modifier(response.cookies, hsts[0] == 0),
        "cross-origin-resource-policy": corp_modifier(headers),
        "cross-origin-resource-sharing": cors_modifier(headers),
        "referrer-policy": referrer_modifier(headers),
        "strict-transport-security": hsts,
        "subresource-integrity": sri_modifier(response, host),
        "x-content-type-options": (0, "nosniff")
        if headers.get("X-Content-Type-Options", "").lower() == "nosniff"
        else (-5, "not nosniff"),
        "x-frame-options": frame_modifier(headers),
    }
    if http_response is not None:
        modifiers["redirection"] = redirect_modifier(http_response, host)
    return Score(modifiers)
