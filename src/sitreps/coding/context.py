"""What the coder knows about an article beyond the sentence it codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitreps.model import Actor, Place, Timex


@dataclass
class ArticleContext:
    """What the coder knows about the article beyond the sentence."""

    article_id: str
    published: object = None  # datetime.date
    country: str | None = None  # ISO2 focus
    places: list[Place] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    last_actor: Actor | None = None  # for coreference of "the group", "they"
    last_armed_nonstate: Actor | None = None
    accident: bool = False  # an explosion told earlier was an accident (a furnace, a plant)
