"""From a scenario to PlanInputs: profiles, weather-driven output, heat and converter inputs,
checks, typical days' clustering."""
