"""The sections of the review, one module each, in the order of the published review."""
