"""The plan and the simulation: sizing by LP (with typical days and whole turbines) and running a
sized park hour by hour."""
