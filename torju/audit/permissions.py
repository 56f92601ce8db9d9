"""Access to the audit trail: the auditor only."""

from torju.accounts.models import Role
from torju.accounts.permissions import roles

READ_AUDIT_TRAIL = roles(Role.AUDITOR)
