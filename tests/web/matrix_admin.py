"""Permission-matrix rows for Django's admin (see tests/matrix.py): administrators only.

The rows of every registered model's pages (list, add, and one object's
change, history and delete pages) are made from the admin registry, so a new
model admin is in the matrix at once: the administrator (the STAFF identity)
opens each page; every role is refused with 403 and anonymous visitors are
sent to sign in, both recorded in the audit trail. A model whose admin does
not offer a page says so in PAGE_STATUS, and every model needs a sample object:
one that every migrated database has, or one made in ADMIN_SAMPLE_MAKERS.
The site's own pages and the pages that a model admin adds have rows below.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from tests.factories import UserFactory
from tests.matrix import STAFF, Expectation, Samples, signed_in
from torju.accounts.models import SecondFactorDevice, SignInLock, User

# The standard pages of a model admin: URL name suffix, and whether it needs an object.
MODEL_PAGES = {"changelist": False, "add": False, "change": True, "history": True, "delete": True}


def staff_gets(status: int, anonymous: int = 302) -> dict[str, int]:
    """`status` for the administrator, 403 for every role, `anonymous` for anonymous visitors."""
    return {**signed_in(403, anonymous=anonymous), STAFF: status}


# Pages that a model admin does not offer to anybody: Django refuses them (403) to the administrator too.
PAGE_STATUS: dict[tuple[str, str], int] = {
    ("accounts.User", "delete"): 403,  # users are deactivated, never deleted: the audit trail refers to them
    ("accounts.SignInLock", "add"): 403,  # django-axes writes its own records
    ("accounts.SecondFactorDevice", "add"): 403,  # a device is enrolled by its user
}


def _user(owner: User | None) -> Model:
    return UserFactory()


def _second_factor_device(owner: User | None) -> Model:
    return SecondFactorDevice.objects.create(user=UserFactory(), name="matrix", confirmed=True)


def _sign_in_lock(owner: User | None) -> Model:
    return SignInLock.objects.create(
        user_agent="matrix",
        ip_address="127.0.0.1",
        username="nobody",
        path_info="/",
        get_data="",
        post_data="",
        failures_since_start=1,
    )


# Models whose rows a migrated database may not have; the others (organisations, the shipped plan) are there.
ADMIN_SAMPLE_MAKERS: dict[str, Callable[[User | None], Model]] = {
    "accounts.User": _user,
    "accounts.SecondFactorDevice": _second_factor_device,
    "accounts.SignInLock": _sign_in_lock,
}


def sample_name(model: type[Model]) -> str:
    return f"admin.{model._meta.label}"


def admin_samples(user: User | None) -> dict[str, Any]:
    """One object of every registered model, to open its change, history and delete pages."""
    samples: dict[str, Any] = {}
    for model in admin.site._registry:
        make = ADMIN_SAMPLE_MAKERS.get(model._meta.label)
        found = make(user) if make else model._default_manager.order_by("pk").first()
        assert found is not None, f"{model._meta.label}: no object to open; add a maker to ADMIN_SAMPLE_MAKERS"
        samples[sample_name(model)] = found
    return samples


def _object(model: type[Model]) -> Callable[[Samples], dict[str, Any]]:
    return lambda samples: {"object_id": samples[sample_name(model)].pk}


def _model_rows() -> dict[str, Expectation]:
    rows: dict[str, Expectation] = {}
    for model in admin.site._registry:
        label, info = model._meta.label, f"{model._meta.app_label}_{model._meta.model_name}"
        for page, needs_object in MODEL_PAGES.items():
            status = PAGE_STATUS.get((label, page), 200)
            rows[f"admin:{info}_{page}"] = Expectation(
                staff_gets(status), kwargs=_object(model) if needs_object else None
            )
        # The bare object address sends the administrator on to the change page.
        bare = f"admin/{model._meta.app_label}/{model._meta.model_name}/(?P<object_id>.+)/"
        rows[f"admin:<unnamed {bare}>"] = Expectation(
            staff_gets(302),
            path=lambda samples, model=model: (  # type: ignore[misc]
                f"/admin/{model._meta.app_label}/{model._meta.model_name}/{samples[sample_name(model)].pk}/"
            ),
        )
    return rows


def _view_on_site(samples: Samples) -> dict[str, Any]:
    job = samples["documents.job"]
    return {"content_type_id": ContentType.objects.get_for_model(job).pk, "object_id": job.pk}


ADMIN: dict[str, Expectation] = {
    **_model_rows(),
    "admin:index": Expectation(staff_gets(200)),
    "admin:app_list": Expectation(staff_gets(200)),
    # No sign-in form of its own: anonymous visitors go to Torju's, the administrator on to the admin.
    "admin:login": Expectation(staff_gets(302)),
    "admin:logout": Expectation(staff_gets(302), method="post"),
    "admin:password_change": Expectation(staff_gets(200)),
    "admin:password_change_done": Expectation(staff_gets(200)),
    # No model admin offers autocompletion: Django refuses the request (403) without its parameters.
    "admin:autocomplete": Expectation(staff_gets(403)),
    "admin:jsi18n": Expectation(staff_gets(200)),
    # "View on site" of an object with a page of its own: on to the page.
    "admin:view_on_site": Expectation(staff_gets(302), kwargs=_view_on_site),
    "admin:<unnamed admin/(?P<url>.*)>": Expectation(staff_gets(404)),
    "admin:auth_user_password_change": Expectation(
        staff_gets(200), kwargs=lambda samples: {"id": samples[sample_name(User)].pk}
    ),
}
