"""Tests of reportgen/compose/."""
