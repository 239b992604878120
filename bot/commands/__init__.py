"""The subcommands of `python -m bot` (bot/cli.py dispatches): one module each, holding the
subcommand's argparse wiring (`configure(parser)`) and its entry function (`execute(args) -> int`).

The library packages (catalog, facts, criteria, policies, audit, applications) hold no argparse code.
"""
