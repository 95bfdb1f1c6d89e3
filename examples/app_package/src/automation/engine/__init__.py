"""Pipeline execution."""
