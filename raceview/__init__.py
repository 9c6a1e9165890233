"""raceview: a terminal dashboard for road-cycling races."""

__version__ = "0.1.0"
