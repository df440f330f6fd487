"""Taking a reader's report: who sent it (a keyed digest of the client's address, as the
login lockouts determine it behind the proxy) and how many that address may send."""

import hashlib
import hmac
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.utils import timezone

from .models import Report

#: Reports one address may send in ``WINDOW``: enough for a careful reader, too few for a flood.
LIMIT = 5
WINDOW = timedelta(hours=1)


def sender_of(request):
    """A digest of the client's address keyed with the secret key: it counts an address's
    reports on every host (they share the database) without keeping the address itself."""
    address = get_client_ip_address(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def over_limit(sender):
    return Report.objects.recent_from(sender, timezone.now() - WINDOW).count() >= LIMIT
