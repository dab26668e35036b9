"""`python -m tui`: the same as the `orderdeck` command."""

from tui.cli import main

raise SystemExit(main())
