"""Stored figures of the statistics: a snapshot per year, valid while the register's data of that year is unchanged.

`RegisterVersion` has a row per year; database triggers on the register's
tables (migration 0001) add one to the version of every year from the
earliest year a changed row touches: the year of an application's receipt
(its decision and clienthood come later), of a reflection period's grant, of
a child's joining, of the receipt of the applications of a person whose
sex, birth date or nationality changed. A trigger sees every write, whether
it comes from a page, the API, an import's bulk load or a database console,
so no path can change the register without invalidating the figures that
depend on it. On PostgreSQL the triggers are per statement (a bulk load of a
million rows bumps the versions once); on SQLite per row.

`YearSnapshot` holds a year's exact figures (the series' year object and the
review's cross-table) with the version they were computed at; it answers
only while that version is the year's current one
(torju.statistics.snapshots).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterVersion(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("register version of a year")
        verbose_name_plural = _("register versions of the years")

    def __str__(self) -> str:
        return f"{self.year}: {self.version}"


class YearSnapshot(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    version = models.BigIntegerField(_("version of the register"))
    computed_at = models.DateTimeField(_("computed at"))
    # JSON as text: PostgreSQL's jsonb would reorder the keys, and the spec's JSON has an order.
    figures = models.TextField(_("figures"))

    class Meta:
        verbose_name = _("snapshot of a year's figures")
        verbose_name_plural = _("snapshots of the years' figures")

    def __str__(self) -> str:
        return f"{self.year} @ {self.version}"
