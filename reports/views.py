"""The "report a problem" form of a fact or an article. Never cached, and saving a report
announces no content change: the record's page and the page cache stay as they are."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from core.locks import advisory_lock
from facts.models import Fact

from .forms import ReportForm
from .models import Report

RECORDS = {"fact": Fact, "article": Article}
# Reports one address may send in ``WINDOW``: enough for a careful reader, too few for a flood.
LIMIT, WINDOW = 5, timedelta(hours=1)


def _record(kind, slug):
    if kind not in RECORDS:
        raise Http404("Reports are taken on facts and articles.")
    return get_object_or_404(RECORDS[kind].objects.published(), slug=slug)


def sender_of(request):
    """A keyed digest of the client's address, as the login lockouts determine it behind the proxy: it counts
    an address's reports on every host (they share the database) without keeping the address."""
    address = get_client_ip_address(request) or "unknown"
    return salted_hmac("reports.sender", address, algorithm="sha256").hexdigest()


@transaction.atomic
def take(form, *, sender, record):
    """Save the report of ``form`` on ``record`` unless ``sender`` has used up the limit: whether it
    was saved. A sender's reports are taken one at a time, so requests in flight together cannot each
    pass the count: SQLite has one writer at a time, PostgreSQL a lock on the sender till the commit."""
    advisory_lock(int(sender[:15], 16))  # the digest's first 60 bits
    if Report.objects.filter(sender=sender, created_at__gte=timezone.now() - WINDOW).count() >= LIMIT:
        return False
    form.instance.sender = sender
    setattr(form.instance, record._meta.model_name, record)
    form.save()
    return True


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, kind, slug):
    record = _record(kind, slug)
    form, status = ReportForm(request.POST or None), 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"] or take(form, sender=sender_of(request), record=record):
            return redirect("reports:sent", kind=kind, slug=slug)
        status = 429
    context = {"form": form, "record": record, "kind": kind, "refused": status == 429, "limit": LIMIT}
    return render(request, "reports/report_form.html", context, status=status)


@never_cache
@require_safe
def sent(request, kind, slug):
    return render(request, "reports/report_sent.html", {"record": _record(kind, slug), "kind": kind})
