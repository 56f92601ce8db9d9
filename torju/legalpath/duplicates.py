"""Likely duplicates among persons without a personal identity code, and the audited merge (and its undoing).

Most victims are foreign nationals without a Finnish identity code, so the
same person can be registered twice under a name written differently
(transliterations, the order of names). Candidates share the date of birth
and the nationality (pseudonymous columns, so the search narrows without
decrypting) and have names that agree once normalised: letters folded to
ASCII, common transliteration variants made one, the names as a set of
words in any order. Nothing is merged automatically: a decision maker of an
office that sees both records decides, with a reason; the merge moves the
merged record's applications and children to the kept record, keeps the
merged record and every history, and can be undone (exactly what it moved
goes back). Every step is in the audit trail, on both persons.
"""

import unicodedata
from dataclasses import dataclass
from itertools import combinations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from torju.accounts.models import Role, User
from torju.accounts.permissions import has_role
from torju.actor import Actor
from torju.audit.models import Action
from torju.audit.services import record
from torju.legalpath.models import PersonMerge
from torju.register.models import Application, Person, PersonRole
from torju.register.permissions import user_of, visible_persons

MIN_REASON = 10
MAX_CANDIDATES = 200  # pairs shown at once
# Spelling variants of transliterated names that are one name (applied in order, on folded lower case).
VARIANTS = (
    ("kh", "h"),
    ("ph", "f"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "c"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("q", "k"),
    ("x", "ks"),
    ("ee", "i"),
    ("oo", "u"),
    ("aa", "a"),
)


def name_key(first_names: str, last_name: str) -> frozenset[str]:
    """The names as a set of normalised words: "Aïsha Khan" and "KHAN Aisha" give the same key."""
    folded = unicodedata.normalize("NFKD", f"{first_names} {last_name}".lower())
    letters = "".join(char if char.isalpha() else " " for char in folded if not unicodedata.combining(char))
    words = []
    for word in letters.split():
        for variant, common in VARIANTS:
            word = word.replace(variant, common)
        words.append(word)
    return frozenset(words)


@dataclass(frozen=True)
class Candidate:
    """Two records that are likely one person, with as few fields as decide it."""

    first: Person
    second: Person
    first_name: str
    second_name: str


def may_merge(actor: Actor) -> bool:
    return has_role(user_of(actor), Role.DECISION_MAKER)


def likely_duplicates(actor: Actor) -> list[Candidate]:
    """Pairs of visible victims without an identity code whose birth date, nationality and names agree."""
    if not may_merge(actor):
        return []
    merged_away = PersonMerge.objects.filter(undone_at__isnull=True).values("merged")
    people = (
        visible_persons(actor)
        .filter(role=PersonRole.VICTIM, hetu_hash__isnull=True, birth_date__isnull=False, identifiers_erased_at=None)
        .exclude(pk__in=merged_away)
    )
    groups = people.values("birth_date", "nationality").annotate(count=Count("pk")).filter(count__gt=1).order_by()
    candidates: list[Candidate] = []
    for group in groups:
        members = list(people.filter(birth_date=group["birth_date"], nationality=group["nationality"]).order_by("pk"))
        names = {person.pk: person.read_identifiers() for person in members}
        for first, second in combinations(members, 2):
            a, b = names[first.pk], names[second.pk]
            key_a, key_b = name_key(a.first_names, a.last_name), name_key(b.first_names, b.last_name)
            if key_a and key_a == key_b:
                candidates.append(
                    Candidate(
                        first,
                        second,
                        f"{a.first_names} {a.last_name}".strip(),
                        f"{b.first_names} {b.last_name}".strip(),
                    )
                )
            if len(candidates) >= MAX_CANDIDATES:
                return candidates
    return candidates


def _check(actor: Actor, *persons: Person) -> User:
    """The deciding user, if they may merge these persons."""
    if not may_merge(actor) or actor.user is None:
        raise PermissionDenied("a decision maker merges persons")
    visible = set(visible_persons(actor).filter(pk__in=[p.pk for p in persons]).values_list("pk", flat=True))
    if visible != {p.pk for p in persons}:
        raise PermissionDenied("not persons of the user's cases")
    return actor.user


@transaction.atomic
def merge_persons(*, actor: Actor, kept_id: int, merged_id: int, reason: str) -> PersonMerge:
    """Move the merged record's applications and children to the kept record; the merged record stays."""
    kept = Person.objects.select_for_update().filter(pk=kept_id).first()
    merged = Person.objects.select_for_update().filter(pk=merged_id).first()
    if kept is None or merged is None:
        raise PermissionDenied("no such persons")
    user = _check(actor, kept, merged)
    if kept.pk == merged.pk:
        raise ValidationError(_("Choose two different persons."))
    if kept.role != PersonRole.VICTIM or merged.role != PersonRole.VICTIM:
        raise ValidationError(_("Only the records of applicants are merged."))
    if PersonMerge.objects.filter(Q(merged=kept) | Q(merged=merged), undone_at__isnull=True).exists():
        raise ValidationError(_("One of the records has been merged already."))
    if len(reason.strip()) < MIN_REASON:
        raise ValidationError({"reason": _("Give the reason in a few words.")})
    applications = list(Application.objects.filter(person=merged).values_list("pk", flat=True))
    children = list(Person.objects.filter(parent=merged).values_list("pk", flat=True))
    Application.objects.filter(pk__in=applications).update(person=kept)
    Person.objects.filter(pk__in=children).update(parent=kept)
    merge = PersonMerge.objects.create(
        kept=kept,
        merged=merged,
        application_ids=applications,
        child_ids=children,
        reason=reason.strip(),
        merged_by=user,
    )
    changes = {"what": "person_merge", "kept": kept.person_id, "merged": merged.person_id}
    for person in (kept, merged):
        record(Action.UPDATE, actor, obj=person, reason=reason.strip(), changes=changes)
    for application in Application.objects.filter(pk__in=applications):
        record(Action.UPDATE, actor, obj=application, reason=reason.strip(), changes=changes)
    return merge


@transaction.atomic
def undo_merge(*, actor: Actor, merge_id: int, reason: str) -> PersonMerge:
    """Exactly the applications and children the merge moved go back to the merged record."""
    merge = PersonMerge.objects.select_for_update().select_related("kept", "merged").filter(pk=merge_id).first()
    if merge is None:
        raise PermissionDenied("no such merge")
    user = _check(actor, merge.kept)
    if merge.undone_at is not None:
        raise ValidationError(_("The merge has been undone already."))
    if len(reason.strip()) < MIN_REASON:
        raise ValidationError({"reason": _("Give the reason in a few words.")})
    Application.objects.filter(pk__in=merge.application_ids, person=merge.kept).update(person=merge.merged)
    Person.objects.filter(pk__in=merge.child_ids, parent=merge.kept).update(parent=merge.merged)
    merge.undone_by = user
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    changes = {"what": "person_merge_undone", "kept": merge.kept.person_id, "merged": merge.merged.person_id}
    for person in (merge.kept, merge.merged):
        record(Action.UPDATE, actor, obj=person, reason=reason.strip(), changes=changes)
    for application in Application.objects.filter(pk__in=merge.application_ids):
        record(Action.UPDATE, actor, obj=application, reason=reason.strip(), changes=changes)
    return merge


def merges_visible_to(actor: Actor) -> list[PersonMerge]:
    if not may_merge(actor):
        return []
    kept = visible_persons(actor).values("pk")
    return list(PersonMerge.objects.filter(kept__in=kept).select_related("kept", "merged", "merged_by")[:100])
