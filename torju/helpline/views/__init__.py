"""The helpline's pages: contacts and consultation cases (advisers), referrals (both ends), statistics.

Thin: each view finds the record through the permission-aware selectors (a
record the user may not see is "not found"), parses a form and calls one
service; the services check the rules again and write the audit trail.
Reading a record's page is recorded as a view of it.
"""
