"""Info-line records of 2024 and 2025 for the review's helpline section, made through the helpline's services.

Small counts on purpose: employers (3 in 2025) and relatives (2) are under
k = 5, so the public form withholds them (and, with secondary suppression,
more), and the documents must show that as "..".
"""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from tests.helpline.builders import adviser, consultation, contact
from torju.statistics.helpline_figures import HelplineYears, helpline_years

HELSINKI = ZoneInfo("Europe/Helsinki")
CONTACTS = {
    2025: {"police": 12, "social_services": 9, "potential_victim": 7, "ngo": 6, "employer": 3, "relative": 2},
    2024: {"police": 8, "social_services": 6, "potential_victim": 5, "ngo": 1},
}
CHANNELS = ("phone", "phone", "chat", "email")
SUBJECTS = ("suspected_case", "suspected_case", "general_information", "referral")


def record_helpline_years(k: int) -> HelplineYears:
    """Contacts of 2024 and 2025 (a few grouped into consultation cases); their public form as the review has it."""
    user = adviser()
    for year, by_type in CONTACTS.items():
        number = 0
        for contact_type, count in by_type.items():
            made = []
            for _ in range(count):
                fields: dict[str, Any] = {
                    "channel": CHANNELS[number % len(CHANNELS)],
                    "contact_type": contact_type,
                    "subject": SUBJECTS[number % len(SUBJECTS)],
                }
                moment = datetime(year, 1 + number % 12, 10, 12, 0, tzinfo=HELSINKI)
                made.append(contact(user, moment, **fields))
                number += 1
            if contact_type in ("police", "social_services"):
                consultation(user, *made[:2])
    return helpline_years((2024, 2025), k)
