"""reportgen's tests; tests/README.md says where a new test goes and how to run the quick loop."""
