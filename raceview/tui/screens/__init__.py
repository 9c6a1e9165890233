"""Screens of the dashboard: main, help, export dialog, source health."""
