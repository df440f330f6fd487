"""A cap on the size of a request body, applied before anything reads it.

Django reads a whole multipart body before a form can refuse an upload, so a 30 MB file
would be read in full to be told it is over 5 MB: ``RequestSizeLimitMiddleware`` answers 413
from the declared ``Content-Length`` alone (Django reads no body whose length it was not told).
"""

from django.conf import settings
from django.http import HttpResponse

from core.media.images import MAX_UPLOAD_BYTES

MB = 1024 * 1024


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # as Django reads it: no body
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(
                f"Request too large: this site accepts at most {settings.MAX_REQUEST_BYTES / MB:.0f} MB at once "
                f"and this one is {length / MB:.1f} MB. Images may be at most {MAX_UPLOAD_BYTES // MB} MB.\n",
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
