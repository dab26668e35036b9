"""`python -m tui`: the same as the `orderdeck` command."""

from tui.launch import main

raise SystemExit(main())
