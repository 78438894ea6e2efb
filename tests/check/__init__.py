"""Tests of reportgen/check/."""
