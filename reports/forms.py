from django import forms
from django.db import models

from .models import Report


def https_by_default(field, **kwargs):
    """An address typed without its scheme is https (Django 6's default)."""
    return field.formfield(**kwargs, **({"assume_scheme": "https"} if isinstance(field, models.URLField) else {}))


class ReportForm(forms.ModelForm):
    """The reader's form; ``website`` is a trap for robots, hidden from people by the stylesheet."""

    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = Report
        fields = ("problem", "source_url", "email")
        formfield_callback = https_by_default
        labels = {
            "problem": "What is wrong?",
            "source_url": "Address of a source that shows it (optional)",
            "email": "Your email address (optional)",
        }
        help_texts = {
            "problem": "The wrong date, figure or wording, and what it should be. At most 2,000 characters.",
            "source_url": "A page that states the correct information, e.g. https://…",
            "email": "Only if you would like the editors to be able to ask you a question.",
        }
        widgets = {"problem": forms.Textarea(attrs={"rows": 6, "maxlength": 2000})}

    def clean(self):
        cleaned = super().clean()
        # A body that is not valid UTF-8 reaches the form with U+FFFD where its bytes could not be read.
        for name in self._meta.fields:
            if "\ufffd" in str(cleaned.get(name, "")):
                self.add_error(name, "Some characters could not be read (shown as �): please type them again.")
        return cleaned
