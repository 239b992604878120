"""A GitHub simulator on 127.0.0.1: REST subset, GraphQL, PyPI and anaconda.org, with faults and latency.

with Simulator(state) as sim:      # state: a fixture dict (README.md, section 'The GitHub simulator') or a State
    Github(base_url=sim.url, auth=Auth.Token("bot-token"))
"""

from bot.simulator.fixture import FixtureError, load_file, load_state
from bot.simulator.server import RequestRecord, Simulator
from bot.simulator.state import State

__all__ = ["FixtureError", "RequestRecord", "Simulator", "State", "load_file", "load_state"]
