"""Every absolute URL the site makes names ``SITE_URL``, never what a client put in ``Host``.

Canonical links, OpenGraph, JSON-LD, feeds, the sitemap, robots.txt, the API, the downloads
and the page cache's key are all built from ``request.get_host()`` (Django's feeds and
sitemaps included), so the host is set once here, for all of them, rather than each passing a
base URL around. The client's Host is validated first: a name outside ``ALLOWED_HOSTS`` is
still a 400; an allowed one with another port, or another allowed name, becomes SITE_URL's.
The scheme stays the request's (``is_secure()`` must not lie): in production the HTTPS
redirect makes it SITE_URL's, which the settings require to be https. Without SITE_URL
(development) the request's own host is used.
"""

from urllib.parse import urlsplit

from django.conf import settings


class SiteOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SITE_URL:
            request.get_host()  # DisallowedHost, a 400, for a name this site is not
            request.META["HTTP_HOST"] = urlsplit(settings.SITE_URL).netloc
        return self.get_response(request)
