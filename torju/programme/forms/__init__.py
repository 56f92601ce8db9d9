"""Forms of action-plan monitoring: they parse what the user typed; the services check the rules.

A service's refusal comes back as a ValidationError keyed by field, which
`common.show_refusal` puts on the form at the field it names. The meeting
form also shows the meeting's time rule at once (the same rule function the
service enforces), so that every problem of the long form is listed in one
round. One module per part of the work: plans, reporting, meetings,
publications.
"""
