from django import forms

from .models import Report


class ReportForm(forms.ModelForm):
    """The reader's form; ``website`` is a trap for robots, hidden from people by the stylesheet."""

    website = forms.CharField(required=False, label="Leave this field empty")

    class Meta:
        model = Report
        fields = ("problem", "source_url", "email")
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
