"""Tests of reportgen/diff/."""
