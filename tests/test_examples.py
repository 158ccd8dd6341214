"""Measures and path resolution on the Turtle example graphs in tests/data/examples/ (expected values by hand)."""
