"""Reads input files: YAML with line marks, into the input model, with the priority register."""
