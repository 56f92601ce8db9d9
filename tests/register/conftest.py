"""A small register in the exchange format, written by hand, and helpers to load and inspect it."""

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.factories import caseworker_at, decision_maker_at
from torju.accounts.models import User
from torju.actor import Actor
from torju.audit.models import Action, AuditEvent
from torju.register.exchange import RegisterImportError, import_register
from torju.register.models import (
    Application,
    CaseNumberCounter,
    DecisionDraft,
    ExploitationEvent,
    Person,
    ReflectionPeriod,
    ServiceProvided,
)

OPERATOR = Actor.system("test operator")  # who runs import_register and export_register in the tests

# Every rule of spec/register-exchange.md holds here; each bad-file test breaks one.
VALID_FILES = {
    "persons.csv": (
        "person_id,role,sex,birth_date,nationality,parent_person_id,child_joined_on,child_left_on\n"
        "P1,victim,F,1990-04-01,NP,,,\n"
        "P2,victim,M,,SO,,,\n"
        "C1,child_of_victim,F,2015-02-01,NP,P1,2024-03-01,\n"
    ),
    "applications.csv": (
        "application_id,person_id,received_on,office,source,residence_status,decision,decided_on,"
        "negative_reason,clienthood_ended_on,end_reason\n"
        "A1,P1,2024-01-10,HEL,police,work_permit,positive,2024-02-01,,2024-12-31,no_longer_needs_assistance\n"
        "A2,P2,2024-03-05,TRE,self,no_legal_residence,negative,2024-04-01,not_trafficking,,\n"
        "A3,P2,2025-01-15,LPR,ngo,unknown,,,,,\n"
    ),
    "exploitation.csv": (
        "event_id,application_id,form,is_primary,country,sector,began_on,ended_on\n"
        "E1,A1,forced_labour,true,FI,berry_farms,2023-06-01,2023-09-30\n"
        "E2,A1,sexual_exploitation,false,NP,,,\n"
        "E3,A2,forced_begging,true,SO,,,\n"
    ),
    "reflection_periods.csv": "application_id,granted_on,months\nA2,2024-03-10,3\n",
    "services.csv": (
        "application_id,service,started_on,ended_on\nA1,counselling,2024-02-02,2024-06-30\nA1,health_services,2024-02-10,\n"
    ),
}
# What `export_register` writes: version 2 of the format (docs/register-exchange-v2.md, decision 0095).
EXPORT_FILE_NAMES = sorted(
    [
        *VALID_FILES,
        "consents.csv",
        "identification.csv",
        "residence_permits.csv",
        "criminal_process.csv",
        "child_safeguards.csv",
        "data_subject_requests.csv",
        "disclosures.csv",
        "format_version",
    ]
)
# The analysts' extract: version 1's files and version 2's coded facts (docs/register-exchange-v2.md, decision 0097).
EXTRACT_FILE_NAMES = sorted(
    [
        *VALID_FILES,
        "consents.csv",
        "identification.csv",
        "residence_permits.csv",
        "criminal_process.csv",
        "child_safeguards.csv",
        "disclosure_counts.csv",
        "format_version",
    ]
)
REGISTER_MODELS = (Person, Application, ExploitationEvent, ReflectionPeriod, ServiceProvided, CaseNumberCounter)

WriteRegister = Callable[..., Path]


@pytest.fixture
def caseworker(db: None) -> User:
    """A caseworker of the Helsinki office."""
    return caseworker_at("HEL")


@pytest.fixture
def decision_maker(db: None) -> User:
    """A decision maker of the Helsinki office."""
    return decision_maker_at("HEL")


@pytest.fixture
def tampere(db: None) -> User:
    """A caseworker of the Tampere office."""
    return caseworker_at("TRE")


@pytest.fixture
def write_register(tmp_path: Path) -> WriteRegister:
    """A register folder from VALID_FILES with the given files replaced (None: left out)."""
    counter = iter(range(1000))

    def write(encoding: str = "utf-8", **changes: str | None) -> Path:
        folder = tmp_path / f"register{next(counter)}"
        folder.mkdir()
        files: dict[str, str | None] = {**VALID_FILES, **{f"{name}.csv": text for name, text in changes.items()}}
        for name, text in files.items():
            if text is not None:
                (folder / name).write_bytes(text.encode(encoding))
        return folder

    return write


def register_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in REGISTER_MODELS}


def register_is_empty() -> bool:
    return not any(register_counts().values()) and not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def empty_the_register() -> None:
    """As a fresh database would be: children before parents, PROTECT foreign keys allow no other order."""
    for model in (ServiceProvided, ReflectionPeriod, ExploitationEvent, DecisionDraft, Application):
        model.objects.all().delete()
    Person.objects.filter(parent__isnull=False).delete()
    Person.objects.all().delete()
    CaseNumberCounter.objects.all().delete()


Problem = tuple[str, int | None, str, str, str]


def problems_of(path: Path, *, update: bool = False, actor: Actor | None = None) -> list[Problem]:
    """An update is made in the name of a decision maker of Helsinki unless another actor is given."""
    if actor is None:
        actor = Actor.for_user(decision_maker_at("HEL")) if update else OPERATOR
    with pytest.raises(RegisterImportError) as refused:
        import_register(path, update=update, actor=actor)
    return [(p.file, p.line, p.column, p.value, p.reason) for p in refused.value.problems]


def replaced(name: str, old: str, new: str) -> str:
    text = VALID_FILES[name]
    assert old in text
    return text.replace(old, new)
