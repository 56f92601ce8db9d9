"""The register's REST API: the pages' selectors, services and permissions over JSON.

Modules: input_serializers (what the API takes: they parse), output_serializers
(what it shows), common (what the views share), applications (the `cases/`
resource and its decisions), casework, persons, and jobs (imports and
extracts in the background).

Every view declares USE_REGISTER (caseworkers and decision makers; analysts
and everyone else get 403). A case or person the caller may not see answers
404, as a missing one does (torju.register.permissions decides, through
visible_applications and visible_persons); the services check the rules
again and write the audit trail. Every response that carries a person's
direct identifiers is recorded as a view of that record.

Break-glass uses the session, as the pages do: the API authenticates with
the session too, so a case opened with a reason through `cases/<pk>/open/`
stays open to the same session, in the API and the pages alike.

No view catches a service's exception: torju.api_exceptions answers a
refusal (403), a validation error (400, with the view's
`shape_validation_errors`) and an edit conflict (409, the record as the
view's `represent_conflict` shows it).
"""
