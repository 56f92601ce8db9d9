"""The OpenAPI schema's refusals: every operation documents the 401, 403 and 404 it can answer.

A drf-spectacular post-processing hook (SPECTACULAR_SETTINGS). An endpoint
that documents one of them itself (a 404 of its own wording) keeps it.
"""

from typing import Any

ERROR = "Error"
REFUSALS = {
    "401": "Not authenticated: no session cookie and no API token, or a token that is unknown, revoked or expired "
    "(the answer says `WWW-Authenticate: Bearer`).",
    "403": "Refused: the caller's roles, or the API token's scope, do not allow this; or the session has not "
    "passed its second factor.",
    "404": "Not found: the record does not exist or is not the caller's to see (the same answer for both).",
}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def document_refusals(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        ERROR,
        {
            "type": "object",
            "properties": {"detail": {"type": "string", "readOnly": True}},
            "required": ["detail"],
        },
    )
    reference = {"$ref": f"#/components/schemas/{ERROR}"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
