"""Who may do what with the situational picture: the coordinator brings in the figures and drafts the picture;
analysts read the figures; another coordinator approves a picture (services). Published pictures are public
releases of the statistics."""

from torju.accounts.models import Role
from torju.accounts.permissions import roles

MANAGE_SITUATION = roles(Role.COORDINATOR)
READ_SITUATION = roles(Role.COORDINATOR, Role.ANALYST)
