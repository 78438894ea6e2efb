"""Publishes built editions to a website archive with checksums, and verifies it."""
