from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from torju.accounts.models import TOKEN_APPS, TokenAccess, User
from torju.form_fields import PASSWORD_TEXT

USERNAME_MAX_LENGTH = 150  # the user model's

token_validator = RegexValidator(r"^\d{6}$", _("Enter the six digits your authenticator app shows."))


class LoginForm(AuthenticationForm):
    """Django's form; the labels are Torju's so that every message names its field, and both have a maximum."""

    username = UsernameField(
        label=_("User name"),
        max_length=USERNAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def one_time_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("One-time code"),
        max_length=6,
        validators=[token_validator],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
    )


class TokenForm(forms.Form):
    token = one_time_code_field()

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Any = None

    def clean_token(self) -> str:
        token: str = self.cleaned_data["token"]
        self.device = match_token(self.user, token)
        if self.device is None:
            raise ValidationError(_("The code is wrong or has expired. Try the newest code."))
        return token


class EnrolTokenForm(forms.Form):
    """The first code of an authenticator app being linked; the service checks it against the secret shown."""

    token = one_time_code_field()


class ApiTokenForm(forms.Form):
    """A new API token of one of the user's service accounts: its name, lifetime and scope per app."""

    account = forms.ModelChoiceField(label=_("Service account"), queryset=User.objects.none(), empty_label=None)
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("Say what uses it, e.g. 'monthly figures to the ministry'. The audit trail names it."),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, initial=90)

    def __init__(self, accounts: Any, max_days: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        account_field = self.fields["account"]
        assert isinstance(account_field, forms.ModelChoiceField)
        account_field.queryset = accounts
        days_field = self.fields["days"]
        assert isinstance(days_field, forms.IntegerField)
        days_field.max_value = max_days
        days_field.validators.append(MaxValueValidator(max_days))
        days_field.widget.attrs["max"] = max_days
        for app, label in TOKEN_APPS.items():
            self.fields[app] = forms.ChoiceField(label=label, choices=TokenAccess.choices, required=False)

    def access(self) -> dict[str, str]:
        return {app: self.cleaned_data.get(app) or "" for app in TOKEN_APPS}
