"""orderdeck: a terminal dashboard for cloud capacity orders."""

__version__ = "0.1.0"
