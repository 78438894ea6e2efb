"""Checks an edition against the priority register, its own arithmetic and the Order's rules."""
