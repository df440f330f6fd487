"""What editors publish, unpublish or cite in the admin is found by search at once."""

from django.urls import reverse

from core.models import PublicationStatus
from facts.models import Fact
from search.models import SearchEntry
from tests.editors import action_data


def indexed(kind, obj):
    return SearchEntry.objects.filter(kind=kind, object_id=obj.pk).exists()


def test_bulk_publish_and_unpublish_update_the_search_index(editor_client, content):
    article = content["draft_article"]
    assert not indexed("article", article)
    editor_client.post(reverse("admin:articles_article_changelist"), action_data("publish", article))
    article.refresh_from_db()
    assert article.status == PublicationStatus.PUBLISHED
    assert indexed("article", article)
    editor_client.post(reverse("admin:articles_article_changelist"), action_data("unpublish", article))
    assert not indexed("article", article)


def test_publishing_a_cited_fact_makes_it_searchable(editor_client, content):
    fact = content["fact"]
    Fact.objects.filter(pk=fact.pk).update(status=PublicationStatus.DRAFT)
    SearchEntry.objects.filter(kind="fact").delete()
    editor_client.post(reverse("admin:facts_fact_changelist"), action_data("publish", fact))
    assert indexed("fact", fact)
    response = editor_client.get(reverse("search:search"), {"q": fact.statement.split()[0]})
    assert fact.get_absolute_url() in response.content.decode()
