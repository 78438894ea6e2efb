"""reportgen: the National Policing Priorities Statement, from structured inputs to DOCX, PDF and HTML."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reportgen")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
