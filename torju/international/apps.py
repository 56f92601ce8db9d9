"""International reporting: the EU, GRETA and UNODC templates, CTDC-ready microdata, Finland in the global picture."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternationalConfig(AppConfig):
    name = "torju.international"
    verbose_name = _("International reporting")
