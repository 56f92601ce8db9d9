"""The access copy of one person's data (GDPR art. 15) as a PDF in the person's language: fi, sv or en.

Only the person's own data is in it. For a client: their identifiers and
case, exploitation events, reflection periods, the services given to them
(not their children's), their own needs assessments, consents, the grounds
of the identification, residence permits, the criminal process, the
disclosures of their data (the register of disclosures) and their requests.
For a client's child: the child's identifiers and clienthood, the services
given to the child, the child's needs assessments and safeguards. Never the
other person's name or data, and no staff names (the copy says "the
assistance system"). Making a copy is recorded in the audit trail.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.codes.selectors import label
from torju.documents.pdf import render_pdf
from torju.legalpath.models import (
    ChildSafeguards,
    Consent,
    CriminalMatter,
    DataSubjectRequest,
    Disclosure,
    IdentificationGrounds,
    ResidencePermit,
    ServiceRecipient,
)
from torju.legalpath.permissions import can_see_legal_path
from torju.register.countries import country_name
from torju.register.models import Application, Person, ServiceNeedsAssessment, ServiceProvided

LANGUAGES = ("fi", "sv", "en")
Rows = list[tuple[str, str]]


@dataclass
class Section:
    title: str
    rows: Rows = field(default_factory=list)  # (label, value) facts
    table_head: list[str] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    empty: str = ""


@dataclass
class AccessCopy:
    language: str
    title: str
    made_on: date
    sections: list[Section]


def _day(value: date | None) -> str:
    return f"{value.day}.{value.month}.{value.year}" if value else "–"


def _yes(value: bool | None) -> str:
    if value is None:
        return "–"
    return _("yes") if value else _("no")


def _services_of(application: Application, person: Person) -> list[ServiceProvided]:
    children_services = ServiceRecipient.objects.filter(service__application=application)
    provided = ServiceProvided.objects.filter(application=application).order_by("started_on", "pk")
    if person.pk == application.person_id:
        return list(provided.exclude(pk__in=children_services.values("service_id")))
    return list(provided.filter(pk__in=children_services.filter(person=person).values("service_id")))


def _identity(person: Person) -> Section:
    names = person.read_identifiers()
    rows: Rows = [
        (_("First names"), names.first_names or "–"),
        (_("Last name"), names.last_name or "–"),
        (_("Personal identity code"), names.hetu or "–"),
        (_("Date of birth"), _day(person.birth_date)),
        (_("Nationality"), country_name(person.nationality) if person.nationality else "–"),
        (_("Phone"), names.phone or "–"),
        (_("Address"), names.address or "–"),
        (_("Pseudonymous identifier"), person.person_id),
    ]
    if person.child_joined_on:
        rows.append((_("Client as a child"), f"{_day(person.child_joined_on)} – {_day(person.child_left_on)}"))
    return Section(_("Your identifying data"), rows=rows)


def _case_section(application: Application) -> Section:
    rows: Rows = [
        (_("Case number"), application.case_number),
        (_("Received on"), _day(application.received_on)),
        (_("Office"), label("office", application.office)),
        (_("Residence status"), label("residence_status", application.residence_status)),
        (
            _("Decision"),
            f"{label('decision', application.decision)}, {_day(application.decided_on)}"
            if application.decision
            else _("Pending"),
        ),
    ]
    if application.clienthood_ended_on:
        rows.append((_("Clienthood ended"), _day(application.clienthood_ended_on)))
    return Section(_("Your application to the assistance system"), rows=rows)


def _applicant_sections(application: Application) -> list[Section]:
    events = Section(
        _("Forms of exploitation"),
        table_head=[_("Form of exploitation"), _("Country"), _("Period")],
        table=[
            [
                label("exploitation_form", e.exploitation_form),
                country_name(e.country),
                f"{_day(e.began_on)} – {_day(e.ended_on)}",
            ]
            for e in application.exploitation_events.all()
        ],
    )
    reflection = Section(
        _("Recovery periods"),
        table_head=[_("Granted on"), _("Months")],
        table=[[_day(p.granted_on), str(p.months)] for p in application.reflection_periods.all()],
    )
    consents = Section(
        _("Your consents"),
        table_head=[_("Consent to"), _("Given on"), _("Form"), _("Withdrawn on")],
        table=[
            [label("consent_purpose", c.purpose), _day(c.given_on), label("consent_form", c.form), _day(c.withdrawn_on)]
            for c in Consent.objects.filter(application=application).order_by("given_on", "pk")
        ],
    )
    grounds = IdentificationGrounds.objects.filter(application=application).first()
    grounds_section = Section(_("Grounds of the identification"))
    if grounds is not None:
        elements = [
            name
            for name, assessed in (
                (_("the act"), grounds.act_assessed),
                (_("the means"), grounds.means_assessed),
                (_("the purpose of exploitation"), grounds.purpose_assessed),
            )
            if assessed
        ]
        grounds_section.rows = [
            (_("Elements assessed"), ", ".join(elements) or "–"),
            (
                _("Indicators found"),
                "; ".join(label("screening_indicator", row.indicator) for row in grounds.indicators.all()) or "–",
            ),
            (_("Preliminary assessment"), f"{_day(grounds.preliminary_on)}: {_yes(grounds.reasonable_grounds)}"),
            (_("Final assessment"), f"{_day(grounds.final_on)}: {_yes(grounds.final_grounds)}"),
        ]
    permits = Section(
        _("Residence permits"),
        table_head=[_("Permit type"), _("Status"), _("Applied for on"), _("Decided on"), _("Valid")],
        table=[
            [
                label("permit_type", p.permit_type),
                str(p.get_status_display()),
                _day(p.applied_on),
                _day(p.decided_on),
                f"{_day(p.valid_from)} – {_day(p.valid_until)}",
            ]
            for p in ResidencePermit.objects.filter(application=application).order_by("applied_on", "pk")
        ],
    )
    matters = Section(
        _("The criminal process"),
        table_head=[_("Your role"), _("Reported on"), _("Offence"), _("Investigation"), _("Prosecution"), _("Court")],
        table=[
            [
                str(m.get_client_role_display()),
                _day(m.reported_on),
                label("offence", m.offence) if m.offence else "–",
                f"{_day(m.investigation_opened_on)} – {_day(m.investigation_ended_on)}",
                f"{m.get_prosecution_display()} {_day(m.prosecution_decided_on)}" if m.prosecution else "–",
                f"{m.get_court_outcome_display()} {_day(m.court_decided_on)}" if m.court_outcome else "–",
            ]
            for m in CriminalMatter.objects.filter(application=application).order_by("pk")
        ],
    )
    disclosures = Section(
        _("Disclosures of your data"),
        table_head=[_("Disclosed on"), _("Recipient"), _("What was disclosed"), _("Legal basis")],
        table=[
            [
                _day(d.disclosed_on),
                label("disclosure_recipient", d.recipient),
                d.read_content(),
                str(d.get_legal_basis_display()),
            ]
            for d in Disclosure.objects.filter(application=application).order_by("disclosed_on", "pk")
        ],
    )
    return [events, reflection, consents, grounds_section, permits, matters, disclosures]


def _common_sections(application: Application, person: Person) -> list[Section]:
    services = Section(
        _("Services given to you"),
        table_head=[_("Service"), _("Started on"), _("Ended on")],
        table=[
            [label("service", s.service), _day(s.started_on), _day(s.ended_on)]
            for s in _services_of(application, person)
        ],
    )
    assessments = Section(
        _("Assessments of your service needs"),
        table_head=[_("Assessed on"), _("Services needed"), _("Notes")],
        table=[
            [
                _day(a.assessed_on),
                ", ".join(label("service", code) for code in a.need_codes) or "–",
                a.read_notes() or "–",
            ]
            for a in ServiceNeedsAssessment.objects.filter(application=application, person=person).order_by(
                "assessed_on", "pk"
            )
        ],
    )
    sections = [services, assessments]
    safeguards = ChildSafeguards.objects.filter(application=application, child=person).first()
    if safeguards is not None:
        sections.append(
            Section(
                _("Representative, child welfare and Barnahus"),
                rows=[
                    (_("Representative appointed on"), _day(safeguards.representative_appointed_on)),
                    (_("Child-welfare notification made on"), _day(safeguards.welfare_notified_on)),
                    (_("Municipality notified"), safeguards.welfare_municipality or "–"),
                    (_("Referred to Barnahus on"), _day(safeguards.barnahus_referred_on)),
                ],
            )
        )
    requests = Section(
        _("Your requests about your data"),
        table_head=[_("Request"), _("Received on"), _("Responded on"), _("Outcome")],
        table=[
            [
                label("data_request_kind", r.kind),
                _day(r.received_on),
                _day(r.responded_on),
                label("data_request_outcome", r.outcome) if r.outcome else "–",
            ]
            for r in DataSubjectRequest.objects.filter(application=application, person=person).order_by(
                "received_on", "pk"
            )
        ],
    )
    return [*sections, requests]


def build_access_copy(application: Application, person: Person, language: str) -> AccessCopy:
    """The copy's content in `language`: only `person`'s data (read the module's docstring)."""
    with translation.override(language):
        sections = [_identity(person)]
        if person.pk == application.person_id:
            sections += [_case_section(application), *_applicant_sections(application)]
        sections += _common_sections(application, person)
        for section in sections:
            section.empty = _("None recorded.")
        return AccessCopy(
            language=language,
            title=_("Copy of your data in the assistance system for victims of trafficking"),
            made_on=timezone.localdate(),
            sections=sections,
        )


def access_copy_pdf(*, actor: Actor, application: Application, person_id: int, language: str) -> bytes:
    """The PDF of build_access_copy; the client, or one of the client's children, of a case the actor may see."""
    if not can_see_legal_path(actor, application):
        raise PermissionDenied("not a case of the user")
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose a value from the list.")})
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not (person.pk == application.person_id or person.parent_id == application.person_id):
        raise ValidationError({"person": _("Choose the client or one of their children.")})
    copy = build_access_copy(application, person, language)
    with translation.override(language):
        pdf = render_pdf(render_to_string("legalpath/access_copy.html", {"copy": copy}))
    record(
        Action.EXPORT,
        actor,
        obj=application,
        changes={"what": "access_copy", "after": {"person_id": person.person_id, "language": language}},
    )
    return pdf


def sections_as_text(copy: AccessCopy) -> str:
    """All the copy's words, for tests and for checking what a copy holds."""
    parts: list[Any] = [copy.title]
    for section in copy.sections:
        parts.append(section.title)
        parts += [f"{name} {value}" for name, value in section.rows]
        parts += [" ".join(row) for row in section.table]
    return "\n".join(str(part) for part in parts)
