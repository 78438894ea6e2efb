"""Compares two editions of the statement for auditors."""
