"""acedata client."""
