"""Demo users: one per role, plus reporters of several bodies (demo mode only)."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from torju.accounts.models import Organisation, Role, User
from torju.accounts.services import create_user
from torju.actor import Actor


@dataclass(frozen=True)
class DemoUser:
    username: str
    roles: tuple[Role, ...]
    organisation: str
    first_name: str
    last_name: str
    staff: bool = False


DEMO_USERS = [
    DemoUser("demo-coordinator", (Role.COORDINATOR,), "KOORDINAATIO", "Kaisa", "Koordinaattori"),
    DemoUser("demo-reporter", (Role.REPORTER,), "TEM", "Risto", "Raportoija"),
    DemoUser("demo-reporter-migri", (Role.REPORTER,), "MIGRI", "Maija", "Migrinen"),
    DemoUser("demo-reporter-sm", (Role.REPORTER,), "SM", "Simo", "Sisänen"),
    DemoUser("demo-reporter-okm", (Role.REPORTER,), "OKM", "Outi", "Opetusmaa"),
    DemoUser("demo-caseworker", (Role.CASEWORKER,), "AUTTAMISJARJESTELMA-HEL", "Sanna", "Sosiaalityöntekijä"),
    DemoUser("demo-caseworker-tre", (Role.CASEWORKER,), "AUTTAMISJARJESTELMA-TRE", "Tiina", "Tampereinen"),
    DemoUser("demo-decision-maker", (Role.DECISION_MAKER,), "AUTTAMISJARJESTELMA-HEL", "Paula", "Päättäjä"),
    DemoUser("demo-adviser", (Role.HELPLINE_ADVISER,), "AUTTAMISJARJESTELMA", "Neea", "Neuvoja"),
    DemoUser("demo-adviser-2", (Role.HELPLINE_ADVISER,), "AUTTAMISJARJESTELMA", "Ilkka", "Infolinja"),
    DemoUser("demo-analyst", (Role.ANALYST,), "AUTTAMISJARJESTELMA", "Antti", "Analyytikko"),
    DemoUser("demo-auditor", (Role.AUDITOR,), "AUTTAMISJARJESTELMA", "Tuula", "Tietosuojavastaava"),
    DemoUser("demo-member", (Role.GROUP_MEMBER,), "SM", "Jaana", "Jäsen"),
    DemoUser("demo-rapporteur", (Role.RAPPORTEUR,), "OM", "Veera", "Valtuutettu"),
    DemoUser("demo-admin", (), "KOORDINAATIO", "Ylläpito", "Pääkäyttäjä", staff=True),
]


@transaction.atomic
def ensure_demo_users(*, reset_passwords: bool) -> list[tuple[str, str, str, str]]:
    """Create missing demo users; (user name, new password, roles, organisation and office) of those given one."""
    printed = []
    for demo in DEMO_USERS:
        user = User.objects.filter(username=demo.username).first()
        if user is not None and not reset_passwords:
            continue
        password = secrets.token_urlsafe(12)
        if user is None:
            user = create_user(
                username=demo.username,
                password=password,
                roles=list(demo.roles),
                organisation=Organisation.objects.get(code=demo.organisation),
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=f"{demo.username}@example.invalid",
                is_demo=True,
                actor=Actor.system("manage.py setup_demo"),
            )
            if demo.staff:
                user.is_staff = user.is_superuser = True
                user.save(update_fields=["is_staff", "is_superuser"])
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        organisation = Organisation.objects.get(code=demo.organisation)
        where = f"{organisation.name_en} ({organisation.office})" if organisation.office else organisation.name_en
        printed.append((demo.username, password, ", ".join(demo.roles) or "administrator", where))
    return printed


def demo_user(username: str) -> User:
    return User.objects.get(username=username)
