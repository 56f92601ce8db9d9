"""The code lists of the register exchange format, in fi/sv/en."""
