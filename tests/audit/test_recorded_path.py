"""The audit trail keeps the address of each event, but never identifiers typed into a search."""

from django.test import RequestFactory

from torju.actor import recorded_path


def test_identifying_query_parameters_are_redacted() -> None:
    request = RequestFactory().get(
        "/api/register/persons/search/", {"hetu": "131052-308T", "first_names": "Aino", "list": "mine"}
    )
    path = recorded_path(request)
    assert "131052" not in path and "Aino" not in path
    assert path.startswith("/api/register/persons/search/?") and "list=mine" in path and "hetu=redacted" in path


def test_plain_paths_are_kept() -> None:
    assert recorded_path(RequestFactory().get("/register/cases/5/")) == "/register/cases/5/"
