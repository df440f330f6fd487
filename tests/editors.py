"""Users for each role, and a small hand-made set of content the admin tests can name."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from PIL import Image

from articles.models import Article, Outlet
from core.dates import DatePrecision
from core.models import PublicationStatus, Topic
from countries.models import Country, CountryStatus, SCOStatus
from events.models import Event, EventKind
from facts.models import Citation, Fact
from people.models import Person

PASSWORD = "a-long-test-password-1"
BODY = (
    "Leaders of the Shanghai Cooperation Organization met in Astana on 4 July 2024.\n"
    "Belarus became the tenth member state of the organization at the summit.\n"
    "Trade between China and SCO countries reached $890 billion in 2024."
)


@pytest.fixture
def editors_group(db):
    """The group the data migration created."""
    return Group.objects.get(name="Editors")


def make_user(username, *, staff=False, superuser=False, groups=()):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD)
    user.is_staff, user.is_superuser = staff or superuser, superuser
    user.save()
    user.groups.set(groups)
    return user


@pytest.fixture
def editor(editors_group):
    return make_user("editor", staff=True, groups=[editors_group])


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def staff_client(client, db):
    client.force_login(make_user("staffer", staff=True))
    return client


@pytest.fixture
def superuser_client(client, db):
    client.force_login(make_user("root", superuser=True))
    return client


@pytest.fixture
def content(empty_db):
    """One of each kind of row, related as the admin shows them, drafts and published."""
    topic = Topic.objects.create(slug="membership", name="Membership")
    outlet = Outlet.objects.create(slug="astana-times", name="The Astana Times", kind=Outlet.Kind.NEWSPAPER)
    kazakhstan = Country.objects.create(iso_code="KZ", name="Kazakhstan", slug="kazakhstan", region="Central Asia")
    belarus = Country.objects.create(iso_code="BY", name="Belarus", slug="belarus", region="Europe")
    summit = Event.objects.create(
        slug="astana-summit-2024",
        title="Astana Summit 2024",
        kind=EventKind.SUMMIT,
        number=24,
        start_date=datetime.date(2024, 7, 4),
        start_precision=DatePrecision.DAY,
        city="Astana",
        host_country=kazakhstan,
        status=PublicationStatus.PUBLISHED,
    )
    summit.participants.set([kazakhstan, belarus])
    article = Article.objects.create(
        title="Belarus joins the SCO",
        slug="belarus-joins",
        outlet=outlet,
        published_on=datetime.date(2024, 7, 1),
        published_precision=DatePrecision.MONTH,
        body=BODY,
        status=PublicationStatus.PUBLISHED,
    )
    article.countries.set([belarus])
    article.events.set([summit])
    draft_article = Article.objects.create(
        title="An unpublished draft", slug="draft-article", body="Nothing to cite here yet.", outlet=outlet
    )
    fact = Fact.objects.create(
        slug="belarus-tenth-member",
        statement="Belarus became the tenth member state at the 2024 Astana Summit.",
        topic=topic,
        status=PublicationStatus.PUBLISHED,
    )
    fact.countries.set([belarus])
    fact.events.set([summit])
    citation = Citation(fact=fact, article=article, quote="Belarus became the tenth member state")
    citation.full_clean()
    citation.save()
    unsourced = Fact.objects.create(slug="unsourced-claim", statement="An unsourced claim.", topic=topic)
    person = Person.objects.create(name="Leaders", slug="leaders")
    status = CountryStatus.objects.create(
        country=belarus,
        status=SCOStatus.MEMBER,
        start_date=datetime.date(2024, 7, 4),
        start_precision=DatePrecision.DAY,
        decided_at=summit,
        fact=fact,
    )
    founding = CountryStatus.objects.create(
        country=kazakhstan,
        status=SCOStatus.FOUNDING_MEMBER,
        start_date=datetime.date(2001, 6, 15),
        start_precision=DatePrecision.DAY,
    )
    return {
        "topic": topic,
        "outlet": outlet,
        "country": belarus,
        "host": kazakhstan,
        "event": summit,
        "article": article,
        "draft_article": draft_article,
        "fact": fact,
        "unsourced": unsourced,
        "citation": citation,
        "status": status,
        "unsourced_status": founding,
        "person": person,
    }


def image_bytes(image_format="JPEG", size=(640, 480), mode="RGB", **save_options):
    image = Image.new(mode, size, "#3a6ea5" if mode == "RGB" else 1)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def _post_value(value):
    if value is None or value is False:
        return None
    if value is True:
        return "on"
    if isinstance(value, (list, tuple)):
        return [str(getattr(item, "pk", item)) for item in value]
    return str(getattr(value, "pk", value))


def _form_fields(form, data):
    for bound in form:
        if bound.name in ("image",):
            continue
        value = _post_value(bound.value())
        if value is not None:
            data[bound.html_name] = value
        if bound.field.show_hidden_initial and value is not None:  # a field with a callable default
            data[bound.html_initial_name] = value


def admin_form_data(response):
    """The POST data an admin add/change form would send as rendered, inlines included."""
    data = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            if form.instance.pk:
                _form_fields(form, data)
            else:  # an empty extra form: a browser still sends its selects' chosen options
                for bound in form:
                    if hasattr(bound.field, "choices") and bound.value():
                        data[bound.html_name] = str(bound.value())
    return data


def action_data(action, *objects):
    return {"action": action, "_selected_action": [str(obj.pk) for obj in objects], "index": "0"}
