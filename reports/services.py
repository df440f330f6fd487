"""Taking a reader's report: who sent it (a keyed digest of the client's address, as the login
lockouts determine it behind the proxy) and how many that address may send."""

import hashlib
import hmac
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Report

# Reports one address may send in ``WINDOW``: enough for a careful reader, too few for a flood.
LIMIT = 5
WINDOW = timedelta(hours=1)


def sender_of(request):
    """Counts an address's reports on every host (they share the database) without keeping the address."""
    address = get_client_ip_address(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def take(form, *, sender, record):
    """Save the report of ``form`` on ``record`` unless ``sender`` has used up the limit: whether it
    was saved. Exact on SQLite (one writer at a time); on PostgreSQL requests arriving at the same
    instant may each pass the count, one report over the limit per request in flight."""
    with transaction.atomic():
        recent = Report.objects.filter(sender=sender, created_at__gte=timezone.now() - WINDOW).select_for_update()
        if len(recent.values_list("pk", flat=True)) >= LIMIT:
            return False
        form.instance.sender = sender
        setattr(form.instance, record._meta.model_name, record)
        form.save()
    return True
