"""The demo: users, a programme's reporting and a fictitious register, loaded by `setup_demo` (`make run`).

Demo code lives here, not in the domain apps: this app may import every
other app, and nothing imports it (docs/architecture.md). Its command
refuses to run outside demo mode.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "torju.demo"
    verbose_name = _("Demo")
