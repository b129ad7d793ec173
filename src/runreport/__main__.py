"""Allow ``python -m runreport``."""

from runreport.cli import main

raise SystemExit(main())
