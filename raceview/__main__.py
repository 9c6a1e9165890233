"""`python -m raceview`."""

from raceview.cli import main

raise SystemExit(main())
