"""Composes a validated statement into the one document tree every format is laid out from."""
