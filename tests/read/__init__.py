"""Tests of reportgen/read/."""
