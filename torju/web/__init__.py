"""Base templates, navigation, language switch and static files."""
