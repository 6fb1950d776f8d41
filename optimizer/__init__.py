"""parkopt's decisions and orchestration: scenario schema, inputs, the LP, KPIs, simulation,
studies, results, plots and the CLI. The stage API is re-exported once, by the package root
(``import parkopt``); see README.md, "How the code is laid out"."""
