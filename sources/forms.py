"""The intake forms: an address or a file to read, then the values to confirm."""

from django import forms
from django.core.exceptions import ValidationError

from articles.models import Article, Outlet
from core.admin.forms import PartialDateField, PartialDatesForm

from .extract import ExtractionError
from .fetch import FetchError
from .intake import read_address, read_file

UPLOAD_TYPES = (".html", ".htm", ".pdf", ".txt")


class ReadSourceForm(forms.Form):
    address = forms.URLField(
        required=False, max_length=500, assume_scheme="https", help_text="The page's address (http or https)."
    )
    file = forms.FileField(required=False, help_text="Or an HTML, PDF or plain-text file.")

    def clean(self):
        address, upload = self.cleaned_data.get("address"), self.cleaned_data.get("file")
        if bool(address) == bool(upload):
            raise ValidationError("Give an address or a file, one of the two.")
        try:
            if address:
                self.source = read_address(address)
            else:
                if not upload.name.lower().endswith(UPLOAD_TYPES):
                    raise ValidationError("Upload an HTML, PDF or plain-text file.")
                self.source = read_file(upload.name, upload.read())
        except (FetchError, ExtractionError) as error:
            raise ValidationError(str(error)) from error
        return self.cleaned_data


class ConfirmSourceForm(PartialDatesForm):
    """The extracted values, for the editor to confirm or correct before the draft is saved."""

    token = forms.CharField(widget=forms.HiddenInput)
    outlet_name = forms.CharField(
        label="Outlet", required=False, max_length=200,
        help_text="An outlet of this name is used, or made; leave empty if the page does not say.",
    )  # fmt: skip
    published_on = PartialDateField(precision_field="published_precision", label="Published on")

    class Meta:
        model = Article
        fields = ("title", "slug", "byline", "published_on", "language", "body", "stripped")

    def __init__(self, *args, found=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, where in (found or {}).items():
            field = self.fields["outlet_name" if name == "outlet" else name]
            field.help_text = f"From the page's metadata: {where}. {field.help_text}".strip()

    def clean_outlet_name(self):
        name = self.cleaned_data["outlet_name"].strip()
        return (Outlet.objects.filter(name__iexact=name).first() or name) if name else None
