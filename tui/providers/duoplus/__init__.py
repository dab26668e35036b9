"""duoplus client."""
