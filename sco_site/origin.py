"""Every absolute URL the site makes (canonical links, JSON-LD, feeds, the sitemap, the API, the page
cache's key) is built from ``request.get_host()``, set to ``SITE_URL``'s host here once the client's
Host is validated. The scheme stays the request's (the HTTPS redirect makes it SITE_URL's)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


class SiteOriginMiddleware(MiddlewareMixin):
    def process_request(self, request):
        if settings.SITE_URL:
            request.get_host()  # DisallowedHost, a 400, for a name this site is not
            request.META["HTTP_HOST"] = urlsplit(settings.SITE_URL).netloc
