"""What recognition finds: a typed span of text."""

from dataclasses import dataclass

PER, ORG, LOC = "PER", "ORG", "LOC"


@dataclass
class Entity:
    """A span of ``text`` naming a person (PER), organization (ORG) or place (LOC)."""

    start: int
    end: int
    type: str
    text: str
