"""What the programme's pages share."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from torju.accounts.models import User
from torju.programme.models import Programme


def user_of(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def programme_or_404(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug)
