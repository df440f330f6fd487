from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin.forms import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    ContentForm,
    LockedFormSet,
    RowKeysField,
    TextField,
)

from . import services
from .models import QUOTE_MAX_LENGTH, Citation, Fact


class FactAdminForm(ContentForm):
    """What ``Fact.clean`` cannot see (its many-to-many choices), and the change's summary for readers."""

    public_summary = forms.CharField(
        label="Public summary of this change",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"class": "vTextField"}),
        help_text="Optional, shown to readers in the fact's history with the date, e.g. “Figure corrected "
        "to the 2024 value.” Say what changed, not who changed it. Left empty, the history says “Edited”.",
    )

    class Meta:
        model = Fact
        fields = ("statement", "slug", "status", "superseded_by", "disputed_by")  # the admin's fieldsets add the rest

    def clean_disputed_by(self):
        disputed_by = self.cleaned_data["disputed_by"]
        if self.instance.pk is not None and any(fact.pk == self.instance.pk for fact in disputed_by):
            raise ValidationError("A fact cannot dispute itself.", code="disputes_itself")
        return disputed_by


class FactCitationFormSet(LockedFormSet):
    """The citations on a fact's change form, under the publishing rule (:func:`services.publication_error`)."""

    def clean(self):
        super().clean()
        citations = [  # as the rows would be saved
            form.instance
            for form in self.forms
            if hasattr(form, "cleaned_data") and not (self.can_delete and self._should_delete_form(form))
        ]
        if error := services.publication_error(self.instance, citations=citations):
            raise ValidationError(error, code="unsourced")


def autocomplete(model, name, **kwargs):
    """An optional choice of the rows ``model.name`` relates to, with the admin's search-as-you-type widget."""
    field = model._meta.get_field(name)
    widget = (AutocompleteSelectMultiple if field.many_to_many else AutocompleteSelect)(field, admin.site)
    if field.many_to_many:
        kwargs["form_class"] = RowKeysField
    return field.formfield(widget=widget, required=False, **kwargs)


DASHES = str.maketrans("‐‑‒–—", "-----")


def same_statement(statement):
    """The fact stated so already, however its spaces, line breaks, dashes and case differ; or None."""

    def plain(text):
        return " ".join(text.translate(DASHES).casefold().split())

    wanted = plain(statement)
    candidates = Fact.objects.filter(statement__istartswith=statement.split()[0]).only("slug", "statement")
    return next((fact for fact in candidates if plain(fact.statement) == wanted), None)


class PassageCitationForm(forms.Form):
    """Cite a passage of one article, for an existing fact or for a new draft fact."""

    fieldsets = (
        ("Quote", {"fields": ("quote",)}),  # the offset is rendered on its own: a hidden input wants no label
        ("The fact it supports", {"fields": ("fact", "statement", "topic", "countries", "events")}),
    )

    quote = TextField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40, "class": "vLargeTextField"}),
        max_length=QUOTE_MAX_LENGTH,
        help_text="Select the passage in the text above, or use a paragraph's “cite” link, then trim it.",
    )
    start = forms.CharField(widget=forms.HiddenInput, required=False)
    fact = autocomplete(Citation, "fact", label="Existing fact", help_text="Add the citation to this fact…")
    statement = TextField(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 40, "class": "vLargeTextField"}),
        required=False,
        label="…or a new fact",
        help_text=Fact._meta.get_field("statement").help_text + " The new fact is a draft.",
    )
    topic = autocomplete(Fact, "topic")
    countries = autocomplete(Fact, "countries")
    events = autocomplete(Fact, "events")

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)

    def clean_start(self):  # where the page's selection began, a hint: ignored when not an offset of the text
        value = self.cleaned_data["start"]
        return int(value) if value.isdigit() and int(value) <= len(self.article.body) else None

    def clean(self):
        data = super().clean()
        fact, statement = data.get("fact"), data.get("statement")
        if fact and statement:
            raise ValidationError("Choose an existing fact or state a new one, not both.")
        if not fact and not statement:
            raise ValidationError("Choose the fact this passage supports, or state a new one.")
        if statement and (same := same_statement(statement)):
            self.add_error("statement", f"“{same}” is a fact already ({same.slug}): choose it as the existing fact.")
        if "quote" in data:
            try:
                Citation(article=self.article, quote=data["quote"], start=data.get("start") or 0).clean()
            except ValidationError as error:
                self.add_error(None, error)
            if fact and Citation.objects.filter(fact=fact, article=self.article, quote=data["quote"]).exists():
                self.add_error("fact", "This fact already cites this passage.")
        return data


class PassageRangeForm(forms.Form):
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)


class PublishCitingFactsForm(forms.Form):
    """The draft facts citing one article, to publish now (all chosen at first)."""

    facts = forms.ModelMultipleChoiceField(
        Fact.objects.none(), widget=forms.CheckboxSelectMultiple, required=False, label="Draft facts citing it"
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        drafts = Fact.objects.drafts().filter(citations__article=article).distinct().order_by("statement")
        self.fields["facts"].queryset = self.fields["facts"].initial = drafts
