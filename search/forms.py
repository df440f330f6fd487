from django import forms

from .models import SearchEntry


class SearchForm(forms.Form):
    q = forms.CharField(label="Search for", max_length=200, required=False)
    kind = forms.ChoiceField(label="Only", choices=[("", "everything"), *SearchEntry.Kind.choices], required=False)
