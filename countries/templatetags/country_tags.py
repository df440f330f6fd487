from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.filter
def flag_src(country):
    """The flag's URL through the static files storage (hashed in production)."""
    url = country.flag_url
    return static(url.removeprefix(settings.STATIC_URL)) if url.startswith(settings.STATIC_URL) else url
