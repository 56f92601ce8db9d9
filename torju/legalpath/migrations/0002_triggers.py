"""The legal path's rules that join two tables, in the database as well as in the services.

- A positive decision draft needs identification grounds whose final
  assessment found the person identified, with at least one indicator
  (imported historical decisions write no draft, so they may lack grounds).
- A service given to a child belongs to a child of that clienthood's client.
- A disclosure on consent rests on a consent of the same case in force on
  the day of the disclosure; a consent is not withdrawn before a disclosure
  made on it (a withdrawal takes effect for the future only).

PostgreSQL: a plpgsql function per rule raising check_violation (23514);
SQLite: BEFORE triggers with RAISE(ABORT). Both reach Django as IntegrityError.
"""

from django.db import migrations

RULES = {
    # name: (table, events, the condition under which the row is refused, over NEW)
    "positive_draft_needs_grounds": (
        "register_decisiondraft",
        ("INSERT", "UPDATE"),
        "NEW.decision = 'positive' AND NOT EXISTS (SELECT 1 FROM legalpath_identificationgrounds g "
        "WHERE g.application_id = NEW.application_id AND g.final_grounds AND EXISTS "
        "(SELECT 1 FROM legalpath_groundsindicator i WHERE i.grounds_id = g.id))",
    ),
    "child_service_of_clienthood": (
        "legalpath_servicerecipient",
        ("INSERT", "UPDATE"),
        "NOT EXISTS (SELECT 1 FROM register_serviceprovided s JOIN register_application a ON a.id = s.application_id "
        "JOIN register_person p ON p.parent_id = a.person_id WHERE s.id = NEW.service_id AND p.id = NEW.person_id)",
    ),
    "disclosure_consent_in_force": (
        "legalpath_disclosure",
        ("INSERT", "UPDATE"),
        "NEW.consent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM legalpath_consent c WHERE c.id = NEW.consent_id "
        "AND c.application_id = NEW.application_id AND c.given_on <= NEW.disclosed_on "
        "AND (c.withdrawn_on IS NULL OR c.withdrawn_on > NEW.disclosed_on))",
    ),
    "consent_withdrawn_after_use": (
        "legalpath_consent",
        ("UPDATE",),
        "NEW.withdrawn_on IS NOT NULL AND EXISTS (SELECT 1 FROM legalpath_disclosure d "
        "WHERE d.consent_id = NEW.id AND d.disclosed_on >= NEW.withdrawn_on)",
    ),
}


def _postgresql_forward(name: str, table: str, events: tuple[str, ...], condition: str) -> str:
    return f"""
CREATE FUNCTION legalpath_{name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {condition} THEN
        RAISE EXCEPTION 'legalpath_{name}' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER legalpath_{name} BEFORE {" OR ".join(events)} ON {table}
    FOR EACH ROW EXECUTE FUNCTION legalpath_{name}();
"""


def _sqlite_forward(name: str, table: str, events: tuple[str, ...], condition: str) -> list[str]:
    return [
        f"CREATE TRIGGER legalpath_{name}_{event.lower()} BEFORE {event} ON {table} FOR EACH ROW "
        f"WHEN {condition} BEGIN SELECT RAISE(ABORT, 'legalpath_{name}'); END;"
        for event in events
    ]


def forward(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for name, (table, events, condition) in RULES.items():
        if vendor == "postgresql":
            schema_editor.execute(_postgresql_forward(name, table, events, condition))
        else:
            for statement in _sqlite_forward(name, table, events, condition):
                schema_editor.execute(statement)


def backward(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for name, (table, events, _condition) in RULES.items():
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS legalpath_{name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS legalpath_{name}()")
        else:
            for event in events:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS legalpath_{name}_{event.lower()}")


class Migration(migrations.Migration):
    dependencies = [("legalpath", "0001_initial"), ("register", "0006_exploitation_form")]

    operations = [migrations.RunPython(forward, backward)]
