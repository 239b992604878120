"""The package registries' public API roots: the one definition of each default.

A module of its own, with no imports: the config reads these defaults on the Action's start-up path,
before its first request, where importing the registry client (`bot.facts.registries`) would cost
tens of milliseconds the first request then waits for.
"""

PYPI_URL = "https://pypi.org/pypi"
ANACONDA_URL = "https://api.anaconda.org"
