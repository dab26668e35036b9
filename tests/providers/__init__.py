"""Providers defined inside the test suite, to prove the provider contract from outside tui/."""
