"""The low floor: domain errors, numbers for people, lazy re-exports, reading the user's text
files, writing whole or not at all, the carbon accounting's definitions and the inventory's
profile file: what the plan and the inventory share."""
