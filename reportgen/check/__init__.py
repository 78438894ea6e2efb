"""Checks an edition against the priority register, its own arithmetic and the Order's rules."""

from reportgen.check.validate import Validation, validate_editions

__all__ = ["Validation", "validate_editions"]
