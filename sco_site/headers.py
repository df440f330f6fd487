"""The headers Django's SecurityMiddleware does not set (Content-Security-Policy, Permissions-Policy,
Cross-Origin-Resource-Policy), from the settings of those names: the same for every response (nothing
is inline anywhere, so no nonces), written once at start-up. A view may send its own."""

from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


class SecurityHeadersMiddleware(MiddlewareMixin):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.headers = {
            "Content-Security-Policy": "; ".join(
                f"{directive} {sources}" for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
            ),
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def process_response(self, request, response):
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages are styled inline
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
