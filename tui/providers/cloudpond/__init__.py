"""cloudpond client."""
