"""Pages of action-plan monitoring, one module per part of the work (programmes, reporting, meetings, the
public pages). Each view declares its access rule, parses the request, calls a selector or a service with
the actor built from the request, and renders."""
