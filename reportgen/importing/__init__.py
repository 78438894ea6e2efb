"""Figures filled in from the Home Office police recorded crime open data tables (`reportgen import`)."""

from reportgen.importing.fill import Change, Imported, import_figures
from reportgen.importing.open_data import OpenDataProblem

__all__ = ["Change", "Imported", "OpenDataProblem", "import_figures"]
