"""Shared test helpers (shipped in the sdist through MANIFEST.in's recursive-include)."""
