"""The `parkopt` command: a thin shell over the Python API."""
