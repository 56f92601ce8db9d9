"""Schemathesis against the helpline's operations in the OpenAPI schema, as those who use them.

tests/web/test_api_schema.py runs every operation as a coordinator and as an
analyst, who are refused most of the helpline; here its operations run as a
helpline adviser and as a caseworker, on a consultation case and referrals
that exist, so that the answers that carry data are checked against the
schema too.
"""

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler

from tests.helpline.builders import adviser, consultation, referral
from tests.web.test_api_schema import CHECKS, CONFIG, EXAMPLES, generated_schema, in_test_transaction, signed_in_session
from torju.accounts.models import Role

schema = schemathesis.openapi.from_dict(generated_schema(), config=CONFIG).include(path_regex="^/api/helpline/")
schema.app = in_test_transaction(WSGIHandler())


@pytest.fixture
def records(db: None) -> None:
    user = adviser()
    referral(user, consultation(user))


@pytest.fixture
def helpline_adviser(records: None) -> dict[str, dict[str, str]]:
    return signed_in_session(Role.HELPLINE_ADVISER)


@pytest.fixture
def caseworker(records: None) -> dict[str, dict[str, str]]:
    return signed_in_session(Role.CASEWORKER)


@schema.parametrize()
@EXAMPLES
def test_every_helpline_operation_as_an_adviser(case: schemathesis.Case[Any], helpline_adviser: dict[str, Any]) -> None:
    case.call_and_validate(cookies=helpline_adviser["cookies"], headers=helpline_adviser["headers"], checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_every_helpline_operation_as_a_caseworker(case: schemathesis.Case[Any], caseworker: dict[str, Any]) -> None:
    case.call_and_validate(cookies=caseworker["cookies"], headers=caseworker["headers"], checks=CHECKS)
