"""The victim assistance register: persons, applications and what belongs to an application; import jobs.

Modules: persons, applications (and everything recorded on one), imports
(register imports started from the web), waiting (an undecided case waiting
for information) and common (sizes, codes and the constraints' building
blocks).

Sized for millions of rows: codes are stored as their code strings (the code
lists of torju.codes are checked where data comes in: imports, forms), every
rule that concerns one row is a database constraint, and the indexes serve the
work lists and the annual statistics. Indexes on mostly-empty columns are
partial, so that they stay small and a bulk load does not pay for them.

External identifiers are unique by a UniqueConstraint rather than
`unique=True`, which on PostgreSQL would add a second, pattern-matching
index per column that no query uses and every insert pays for.

Identifier columns compare byte by byte on PostgreSQL too (collation "C",
migration 0002): identifiers are opaque, code-point order is the export's
order, and building their indexes is faster than with a linguistic collation.

Columns that every new row starts with the same value in have database
defaults too (`db_default`), so that a bulk load need not send them.

Direct identifiers are stored only encrypted (torju.register.crypto); the
exchange format and the statistics never carry them.
"""

from torju.register.models.applications import (
    Application,
    CaseNumberCounter,
    DecisionDraft,
    ExploitationEvent,
    OfficeCaseCount,
    ReflectionPeriod,
    ServiceNeedsAssessment,
    ServiceProvided,
)
from torju.register.models.common import (
    ADULT_AGE,
    CODE_MAX_LENGTH,
    FORCED_LABOUR,
    HASH_LENGTH,
    IDENTIFIER_MAX_LENGTH,
    MAX_REFLECTION_MONTHS,
    MIN_REFLECTION_MONTHS,
    NEGATIVE,
    POSITIVE,
    languages_validator,
)
from torju.register.models.imports import FINISHED, ImportStatus, RegisterImportJob, RegisterImportProblem
from torju.register.models.maintenance import KeyRotationRun, KeyTask
from torju.register.models.persons import DirectIdentifiers, Person, PersonRole
from torju.register.models.waiting import WAITING_REASON_MAX_LENGTH, WaitingForInformation

__all__ = [
    "ADULT_AGE",
    "CODE_MAX_LENGTH",
    "FINISHED",
    "FORCED_LABOUR",
    "HASH_LENGTH",
    "IDENTIFIER_MAX_LENGTH",
    "MAX_REFLECTION_MONTHS",
    "MIN_REFLECTION_MONTHS",
    "NEGATIVE",
    "POSITIVE",
    "WAITING_REASON_MAX_LENGTH",
    "Application",
    "CaseNumberCounter",
    "DecisionDraft",
    "DirectIdentifiers",
    "ExploitationEvent",
    "ImportStatus",
    "KeyRotationRun",
    "KeyTask",
    "OfficeCaseCount",
    "Person",
    "PersonRole",
    "ReflectionPeriod",
    "RegisterImportJob",
    "RegisterImportProblem",
    "ServiceNeedsAssessment",
    "ServiceProvided",
    "WaitingForInformation",
    "languages_validator",
]
