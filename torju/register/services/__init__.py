"""Every write of the assistance register outside the exchange import, by the use case it serves.

Each function takes an actor (torju.actor) and plain data, checks the
permission and the rules (permissions.py; operator commands and the system
have no casework rights), writes in one transaction and records the audit
event in that same transaction. Modules: persons, applications (and what is
recorded before the decision), decisions, clienthood, reads (audited reads
of personal data), waiting (a case waiting for information), maintenance
(re-encryption, retention); common holds what they share.

The use cases are listed here, so that pages, the API, commands and tests
call `services.<use case>` without knowing which module holds it.
"""

from torju.register.services.applications import (
    APPLICATION_FIELDS,
    LAPSED,
    WITHDRAWN,
    add_exploitation_event,
    assign_application,
    close_without_decision,
    grant_reflection_period,
    register_application,
    register_new_applicant,
    remove_exploitation_event,
    update_application,
)
from torju.register.services.clienthood import (
    add_child,
    add_service,
    end_child_clienthood,
    end_clienthood,
    end_service,
    record_needs_assessment,
)
from torju.register.services.decisions import confirm_decision, draft_decision, reject_decision_draft
from torju.register.services.maintenance import (
    REENCRYPT_BATCH,
    KeyRunResult,
    apply_retention,
    count_due,
    reencrypt_identifiers,
    rehash_identifiers,
    retention_cutoff,
)
from torju.register.services.persons import (
    IDENTIFIER_FIELDS,
    PERSON_FIELDS,
    AlreadyRegisteredError,
    PersonDetails,
    asks_whether_registered,
    create_victim,
    identity_code_asked,
    update_person,
)
from torju.register.services.reads import (
    open_for_writing,
    open_with_reason,
    record_application_view,
    record_not_found,
    record_person_view,
    search_persons,
    unlocked_by_search,
)
from torju.register.services.waiting import clear_waiting_for_information, set_waiting_for_information

__all__ = [
    "APPLICATION_FIELDS",
    "IDENTIFIER_FIELDS",
    "LAPSED",
    "PERSON_FIELDS",
    "REENCRYPT_BATCH",
    "WITHDRAWN",
    "AlreadyRegisteredError",
    "KeyRunResult",
    "PersonDetails",
    "add_child",
    "add_exploitation_event",
    "add_service",
    "apply_retention",
    "asks_whether_registered",
    "assign_application",
    "clear_waiting_for_information",
    "close_without_decision",
    "confirm_decision",
    "count_due",
    "create_victim",
    "draft_decision",
    "end_child_clienthood",
    "end_clienthood",
    "end_service",
    "grant_reflection_period",
    "identity_code_asked",
    "open_for_writing",
    "open_with_reason",
    "record_application_view",
    "record_needs_assessment",
    "record_not_found",
    "record_person_view",
    "reencrypt_identifiers",
    "register_application",
    "register_new_applicant",
    "rehash_identifiers",
    "reject_decision_draft",
    "remove_exploitation_event",
    "retention_cutoff",
    "search_persons",
    "set_waiting_for_information",
    "unlocked_by_search",
    "update_application",
    "update_person",
]
