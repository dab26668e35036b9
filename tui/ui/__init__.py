"""Everything Textual: the only package that imports it."""
