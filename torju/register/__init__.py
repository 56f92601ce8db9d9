"""The register of the Assistance System for Victims of Human Trafficking."""
