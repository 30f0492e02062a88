"""Reference tables of the API (read with importlib.resources)."""
