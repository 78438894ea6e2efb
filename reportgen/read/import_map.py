"""What `reportgen import` reads from the profile (figures mapped to offences) and writes on a figure."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# The offence fields of the Home Office open data tables a figure may be mapped to.
OFFENCE_FIELDS = ("offence_description", "offence_group", "offence_subgroup", "offence_code")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _listed(value: Any) -> Any:
    """One offence or several: 'Robbery' or [Robbery of business property, Robbery of personal
    property]. A code typed without quotes (8N) stays text; 105 becomes '105'."""
    values = value if isinstance(value, list) else [value]
    return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in values]


Offences = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_listed)]


class OffenceMapping(_Model):
    """The rows of the table a figure is the sum of: every field given must match."""

    offence_description: Offences | None = Field(
        default=None, description="Offence Description values, e.g. 'Robbery of business property'."
    )
    offence_group: Offences | None = Field(
        default=None, description="Offence Group values, e.g. 'Robbery'."
    )
    offence_subgroup: Offences | None = Field(
        default=None, description="Offence Subgroup values, e.g. 'Violence with injury'."
    )
    offence_code: Offences | None = Field(
        default=None, description="Offence Code values, e.g. '34A' or ['8N', '8P']."
    )


class ImportSettings(_Model):
    """The force's rows and the figures `reportgen import` fills in from the open data tables."""

    force: Annotated[str, Field(min_length=1)] = Field(
        description="The force as the tables name it, e.g. 'West Midlands' or 'City of London'."
    )
    figures: dict[str, OffenceMapping] = Field(
        description="Figure id: the offence fields whose rows are summed, e.g. "
        "robbery: {offence_group: Robbery}."
    )


class ImportRecord(_Model):
    """Where `reportgen import` took a figure's values from, for auditors."""

    file: Annotated[str, Field(min_length=1)] = Field(
        description="The name of the table the values were summed from."
    )
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="The SHA-256 of that file, so anyone can check it is the same table."
    )
    rows: Annotated[str, Field(min_length=1)] = Field(
        description="The sheets and rows summed, e.g. 'sheet 2024_25 rows 5-8'."
    )
