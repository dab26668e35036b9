"""A faithful fake of the three providers' APIs, for the demo and the tests (never the network)."""
