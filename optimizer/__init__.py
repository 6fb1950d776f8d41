"""parkopt's decisions and orchestration, one package per stage on floors: ``common`` (the low
floor), ``schema``, ``inputs``, ``accounts``, ``lp``, ``planning``, ``outputs`` and ``plots``,
then ``study``, ``pathway``, ``report``, ``inventory`` and the command ``cli``. The stage API
is re-exported once, by the package root (``import parkopt``); see README.md, "How the code
is laid out"."""
