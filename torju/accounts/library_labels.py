"""The libraries' words that the admin shows (django-axes, django-otp), for Torju's catalogs to translate.

django-axes has no Finnish or Swedish translations (django-otp's labels are
plain text, so its devices are shown through Torju's own proxy model and columns). Django looks a word up
in all the catalogs it has loaded, so these entries (extracted by
makemessages through gettext_noop) translate the libraries' own labels.
"""

from django.utils.translation import gettext_noop

LIBRARY_LABELS = (
    # django-axes's access attempts: sign-ins locked after failures
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Failed Logins"),
    gettext_noop("Attempt Time"),
)
