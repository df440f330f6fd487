"""Response headers that Django's SecurityMiddleware does not set: the Content-Security-Policy,
``Permissions-Policy`` and ``Cross-Origin-Resource-Policy``, from the settings of those names.

The policy is the same for every response (no nonces: nothing inline anywhere, the admin
included), so its header is written once, when the server starts. A view may send its own.
Django's debug pages (404 and 500 with DEBUG on) go without them: they are styled inline.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": "; ".join(
                f"{directive} {sources}" for directive, sources in settings.CONTENT_SECURITY_POLICY.items()
            ),
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "Cross-Origin-Resource-Policy": settings.CROSS_ORIGIN_RESOURCE_POLICY,
        }

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages are styled inline
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response
