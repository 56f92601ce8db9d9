"""The pages of the assistance register: work lists, persons, cases, casework, imports and extracts.

Modules: work_lists (the front page), backlog (the decision makers'),
persons, applications (a case and its decisions), casework, waiting (a case
waiting for information), jobs (imports and the analysts' extract, run in the
background) and common.

Thin: each view finds the record through the permission-aware selectors
(a record the user may not see is "not found"), parses a form and calls one
service. Services check the rules again and write the audit trail.
"""
