"""The editors' forms: one input per partial date, no save over a row someone else saved after the
editor opened it, JSON bounded in size and depth, line breaks as stored."""

from typing import NamedTuple

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router, transaction
from django.forms.fields import InvalidJSONInput
from django.forms.models import model_to_dict
from django.utils.text import Truncator
from django.utils.timezone import localtime

from core.dates import PARTIAL_DATE_HELP, DatePrecision, format_partial_date, parse_partial_date

LOCK_FIELD = "loaded_revision"
# Far beyond any sound provenance (a few entries of two keys), far below what parsing or
# rendering again would choke on (Python's recursion limit: a server error).
MAX_JSON_CHARACTERS = 50_000
MAX_JSON_DEPTH = 20


def json_depth(value):
    """Levels of lists and objects in ``value``, counted without recursion."""
    depth, level = 0, [value]
    while level := [item for item in level if isinstance(item, (dict, list))]:
        depth += 1
        level = [child for item in level for child in (item.values() if isinstance(item, dict) else item)]
    return depth


class EditorJSONField(forms.JSONField):
    def to_python(self, value):
        if isinstance(value, str) and len(value) > MAX_JSON_CHARACTERS:
            raise ValidationError(
                f"Too long: at most {MAX_JSON_CHARACTERS:,} characters of JSON (this is {len(value):,}).",
                code="too_long",
            )
        try:
            data = super().to_python(value)
            if json_depth(data) <= MAX_JSON_DEPTH:
                return data
        except RecursionError:
            pass
        raise ValidationError(
            f"Nested too deeply: at most {MAX_JSON_DEPTH} levels of objects and lists.", code="too_deep"
        )

    def bound_data(self, data, initial):  # refused text is shown back as typed
        try:
            bound = super().bound_data(data, initial)
        except RecursionError:
            return InvalidJSONInput(data)
        return InvalidJSONInput(data) if json_depth(bound) > MAX_JSON_DEPTH else bound


class RowKeysShown:
    """An autocomplete widget that shows back only values that can be a row's key: Django's looks up whatever was
    sent ("abc", or a number too large for a column) and fails, where the field refuses it with a message."""

    def optgroups(self, name, value, attr=None):
        keys = [key for key in value if is_row_key(key)]
        return super().optgroups(name, keys, attr)


def is_row_key(value):
    return str(value).isdigit() and int(value) < 2**63


class RowKeysField(forms.ModelMultipleChoiceField):
    """Refuses in words what cannot be a row's key: Django's looks the values up together, and a number too large
    for a column fails the query."""

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple)) else ():
            if not is_row_key(key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                )
        return super()._check_values(value)


class AutocompleteSelect(RowKeysShown, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(RowKeysShown, widgets.AutocompleteSelectMultiple):
    pass


class TextField(forms.CharField):
    """A textarea's text with its line breaks as stored: browsers send them as CRLF (HTML's form
    submission), which would rewrite an article's body and shift its cited passages on any save."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value  # None for a nullable field left empty


class PartialDate(NamedTuple):
    value: object  # a date, or None when unknown
    precision: str


class PartialDateField(forms.Field):
    """A date and its precision typed as one value ("2024", "May 2025", "14 May 2025", empty), stored by
    a :class:`PartialDatesForm` in the model's date field and ``precision_field``."""

    widget = forms.TextInput({"placeholder": "2024, May 2025 or 14 May 2025", "size": 24})

    def __init__(self, *, precision_field, **kwargs):
        self.precision_field = precision_field
        super().__init__(**{"required": False, "help_text": PARTIAL_DATE_HELP, **kwargs})

    def to_python(self, value):
        return value if isinstance(value, PartialDate) else PartialDate(*parse_partial_date(value))

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return format_partial_date(value.value, value.precision, unknown="")
        return value or ""


class PartialDatesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in self.partial_initial(self.instance).items():
            if not isinstance(self.initial.get(name), str):  # an initial value given in the URL stays
                self.initial[name] = value

    def partial_dates(self):
        return {name: field for name, field in self.fields.items() if isinstance(field, PartialDateField)}

    def partial_initial(self, instance):
        return {
            name: PartialDate(getattr(instance, name), getattr(instance, field.precision_field))
            for name, field in self.partial_dates().items()
        }

    def clean(self):
        data = super().clean()
        for name, field in self.partial_dates().items():
            if isinstance(data.get(name), PartialDate):
                data[name], precision = data[name]
                setattr(self.instance, field.precision_field, precision)
        return data


class ContentForm(PartialDatesForm):
    """A save over a revision newer than the one the editor opened is refused, listing what differs;
    saving the refused form again goes through (it carries the newer revision)."""

    loaded_revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    stored_row = None  # set by the revert page (core.admin.history)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self._locked():
            self.initial[LOCK_FIELD] = self.instance.revision

    def _locked(self):
        return self.instance.pk is not None and hasattr(self.instance, "revision")

    def clean(self):
        loaded = self.cleaned_data.get(LOCK_FIELD)
        if self._locked() and loaded is not None:  # a form sent without the field is not locked
            self._refuse_if_stale(loaded)
        return super().clean()

    def _refuse_if_stale(self, loaded):
        model = type(self.instance)
        rows = model._default_manager.filter(pk=self.instance.pk)
        using = router.db_for_write(model)
        if transaction.get_connection(using).in_atomic_block:
            rows = rows.select_for_update()  # no other save between this check and ours
        current = rows.first()
        if current is None or current.revision == loaded:
            return
        self.data = self.data.copy()
        self.data[self.add_prefix(LOCK_FIELD)] = str(current.revision)
        current = self.stored_row or current  # on the revert page, the row before the old version was written
        changes = self.differences(current)
        summary = (
            f"Someone else saved this {model._meta.verbose_name} (at {localtime(current.modified_at):%Y-%m-%d %H:%M}) "
            "after you opened it. Nothing was saved. Your values are kept below; "
            + (
                "where they differ from what is stored now:"
                if changes
                else "no field here differs from what is stored now (related rows may have changed)."
            )
        )
        lines = [f"{label}: now “{stored}”, yours “{submitted}”." for label, stored, submitted in changes]
        for line in (summary, *lines, "Save again to keep your values."):
            self.add_error(None, ValidationError(line, code="stale"))

    def differences(self, current):
        """``(label, stored, submitted)`` of each field the editor changed from ``current``."""
        stored = {**model_to_dict(current, self._meta.fields, self._meta.exclude), **self.partial_initial(current)}
        changes = []
        for name, field in self.fields.items():
            if name == LOCK_FIELD or name not in stored or name not in self.cleaned_data:
                continue
            if field.has_changed(stored[name], self[name].data):
                label = (field.label or name).capitalize()
                changes.append((label, shown(field, stored[name]), shown(field, self.cleaned_data[name])))
        return changes


class LockedFormSet(forms.BaseInlineFormSet):
    """Inline rows whose lock refused them stop the save even when marked for deletion: Django drops the
    errors of a row to delete, and would delete a row someone else saved after the editor opened the page."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if self._should_delete_form(form) and form.has_error(NON_FIELD_ERRORS, "stale"):
                raise ValidationError(
                    f"“{form.instance}” was saved by someone else after you opened this page, and is kept: "
                    "see what changed on its row, then delete it again if it should go.",
                    code="stale",
                )


def shown(field, value):
    """A form field's value as an editor reads it."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ", ".join(str(row) for row in value) or "(none)"
    if isinstance(field, forms.ModelChoiceField):
        if value is not None and not hasattr(value, "pk"):
            value = field.queryset.filter(pk=value).first()
    elif isinstance(field, forms.ChoiceField):
        value = dict(field.choices).get(value, value)
    elif isinstance(field, PartialDateField):
        return field.prepare_value(value) or DatePrecision.UNKNOWN.label
    elif isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if value is None or value == "":
        return "(empty)"
    return Truncator(" ".join(str(value).split())).chars(120)
