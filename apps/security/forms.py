"""The one form of two-step login: a six-digit code checked against the user's device."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        result = two_factor.check_code(self.device, self.cleaned_data["code"])
        if result.device is None:
            if result.locked_until:
                at = formats.time_format(timezone.localtime(result.locked_until), "H:i:s")
                raise forms.ValidationError(
                    _("Too many wrong codes. Try again after %(time)s."),
                    params={"time": at},
                )
            raise forms.ValidationError(
                _("This code is wrong or has expired. Type the code the app shows now.")
            )
        self.device = result.device
        return self.cleaned_data["code"]
