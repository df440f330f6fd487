"""Countries on any page."""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.filter
def flag_src(country):
    """The flag's static URL, resolved through the static files storage (hashed in production)."""
    url = country.flag_url
    prefix = settings.STATIC_URL
    return static(url[len(prefix) :]) if url.startswith(prefix) else url
