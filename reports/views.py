"""The "report a problem" form of a fact or an article. Never cached, and saving a report
announces no content change: the record's page and the page cache stay as they are."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from articles.models import Article
from facts.models import Fact

from . import services
from .forms import ReportForm

RECORDS = {"fact": Fact, "article": Article}
REFUSAL = (
    "You have sent {limit} reports in the last hour, the most we take from one address. "
    "Nothing was saved: please send this one later."
)


def _record(kind, slug):
    if kind not in RECORDS:
        raise Http404("Reports are taken on facts and articles.")
    return get_object_or_404(RECORDS[kind].objects.published(), slug=slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, kind, slug):
    record = _record(kind, slug)
    form, refusal, status = ReportForm(request.POST or None), "", 200
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"] or services.take(form, sender=services.sender_of(request), record=record):
            return redirect("reports:sent", kind=kind, slug=slug)
        refusal, status = REFUSAL.format(limit=services.LIMIT), 429
    context = {"form": form, "record": record, "kind": kind, "refusal": refusal, "limit": services.LIMIT}
    return render(request, "reports/report_form.html", context, status=status)


@never_cache
@require_safe
def sent(request, kind, slug):
    return render(request, "reports/report_sent.html", {"record": _record(kind, slug), "kind": kind})
