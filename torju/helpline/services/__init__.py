"""Every write of the helpline: contacts, consultation cases, referrals, retention.

Each function takes an `Actor`, checks the rule (torju.helpline.permissions),
refuses identifiers in free text (torju.helpline.anonymity), writes in one
transaction and records the audit event in that same transaction. The audit
trail records coded values and which free-text fields changed, never the
free text itself: the trail is kept for good, the text only for the
retention period.
"""
