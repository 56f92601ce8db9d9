"""Users, roles and organisations."""
