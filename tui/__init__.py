"""orderdeck: a terminal dashboard for cloud capacity orders."""

import sys

# httpx imports its command-line tool (click, rich.syntax, pygments: about 30 ms, a tenth of a
# bare Textual app's start-up) whenever click is installed, and uvicorn, the sandbox's server,
# installs it. orderdeck never runs that tool: a None entry makes the import fail, and httpx
# then defines a stub `httpx.main` instead, as it does when click is missing.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # typeshed: values are modules

__version__ = "0.1.0"
