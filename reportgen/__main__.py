"""Allows 'python -m reportgen'."""

from reportgen.cli import main

if __name__ == "__main__":  # worker processes of `build --all` import this module too
    raise SystemExit(main())
