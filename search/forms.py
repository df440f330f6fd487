from django import forms

from .models import SearchEntry

Kind = SearchEntry.Kind
KIND_CHOICES = [
    (Kind.ARTICLE, "sources"),
    (Kind.COUNTRY, "countries"),
    (Kind.EVENT, "events"),
    (Kind.FACT, "facts"),
    (Kind.PERSON, "people"),
]


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=200, required=False)
    kind = forms.ChoiceField(label="Only", choices=[("", "everything"), *KIND_CHOICES], required=False)
    # "Search instead for …": the words as typed, never corrected.
    as_typed = forms.BooleanField(required=False, widget=forms.HiddenInput)
