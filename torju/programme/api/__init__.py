"""The programme REST API (mounted at /api/programme/): `serializers` (what it shows), `inputs` (what it
takes) and `views`."""
