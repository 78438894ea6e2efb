"""Tests of reportgen/publish/."""
