"""The Textual dashboard: the only package of raceview that imports Textual."""
