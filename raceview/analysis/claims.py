"""Claims: what one sentence or table row says about one rider, before reconciliation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from raceview.analysis.gaps import Gap
from raceview.models import Method, Status

Which = Literal["result", "gc"]

PRIORITY = {"table": 3, "prose": 2, "headline": 1}


@dataclass(slots=True)
class Claim:
    """One statement about one rider's place, gap, time or status."""

    which: Which
    rider: str
    method: Method
    sentence: str
    start: int  # span in the article text (or in the headline, for method "headline")
    end: int
    order: int  # document order
    pos: int | None = None
    gap: Gap | None = None
    gap_ref: str | None = None  # "behind X": the gap is relative to rider X
    gap_s: int | None = None  # a table's already computed gap
    time_s: int | None = None
    status: Status = "finished"
    team: str | None = None
    nationality: str | None = None
    finished_cue: bool = False  # "finished ... behind", "crossed the line": a placed rider
    led_group: bool = False  # "led in the next group": the first rider behind those ahead

    @property
    def priority(self) -> int:
        """Tables beat prose, prose beats headlines."""
        return PRIORITY[self.method]
