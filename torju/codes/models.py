"""The code lists of spec/codes.csv, with their labels in three languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Code(models.Model):
    code_list = models.CharField(_("code list"), max_length=40)
    code = models.CharField(_("code"), max_length=80)
    label_fi = models.CharField(_("label in Finnish"), max_length=200)
    label_sv = models.CharField(_("label in Swedish"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)
    # Codes dropped from the file stay (old records refer to them) but are not offered.
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        ordering = ["code_list", "position"]
        constraints = [models.UniqueConstraint(fields=["code_list", "code"], name="code_unique_per_list")]

    def __str__(self) -> str:
        return f"{self.code_list}:{self.code}"

    @property
    def label(self) -> str:
        language = (get_language() or "fi")[:2]
        return str(getattr(self, f"label_{language}", "") or self.label_fi)
