"""Panes of the dashboard; they render what the screen binds to them and post messages up."""
