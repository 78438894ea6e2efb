"""A validated edition with everything needed to compose it: the hand-over from check to compose."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportgen.read.editions import EditionLabel
from reportgen.read.languages import ENGLISH, WELSH
from reportgen.read.model import Assessment, Edition, PriorityContent, Profile
from reportgen.read.register import Priority, Register


@dataclass
class Statement:
    """A validated edition with everything needed to compose it."""

    path: Path
    profile_path: Path
    edition: Edition
    profile: Profile
    register: Register
    # Edition content keyed by register id, in register order (keys in the file may be aliases).
    priorities: dict[str, PriorityContent]
    label: EditionLabel
    # 'en', or 'cy' for the Welsh text of an edition.
    language: str = ENGLISH
    # The same edition in Welsh, when the profile publishes the statement in Welsh too.
    welsh: Statement | None = None

    def assessment(self, priority_id: str) -> Assessment:
        for key, assessment in self.edition.applicability.items():
            found = self.register.resolve(key)
            if found and found.id == priority_id:
                return assessment
        for key, assessment in self.profile.applicability.items():
            found = self.register.resolve(key)
            if found and found.id == priority_id:
                return assessment
        raise KeyError(priority_id)

    def heading(self, priority: Priority) -> str:
        for key, heading in self.profile.headings.items():
            found = self.register.resolve(key)
            if found and found.id == priority.id:
                return heading
        return priority.name_cy if self.language == WELSH and priority.name_cy else priority.name

    @classmethod
    def of(
        cls,
        path: Path,
        profile_path: Path,
        edition: Edition,
        profile: Profile,
        register: Register,
        language: str = ENGLISH,
    ) -> Statement:
        """The statement of a valid edition, its priorities put in register order."""
        by_id = {}
        for key, content in edition.priorities.items():
            found = register.resolve(key)
            if found is None:
                raise ValueError(f"{key!r} is not in the priority register")
            by_id[found.id] = content
        in_force = register.in_force_on(edition.published)
        ordered = {p.id: by_id[p.id] for p in in_force if p.id in by_id}
        return cls(
            path,
            profile_path,
            edition,
            profile,
            register,
            ordered,
            EditionLabel.from_edition(edition),
            language,
        )
