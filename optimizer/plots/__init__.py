"""PNG figures by subject: ``run`` (dispatch weeks, monthly balance, SOC), ``green`` (green
share map, duration curves, monthly shares), ``study`` (siting, cap sweep, tornado),
``compare`` (runs side by side); ``style`` holds what they share (registry colours)."""
