"""The input schema: the scenario and its sections, the field registry, the technology registry and
its named instances."""
