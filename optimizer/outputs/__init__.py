"""The results folder and summary.json's types, the console, and compare."""
