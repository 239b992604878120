"""ecosystem-bot: reviews pull requests to an ecosystem catalog."""

__version__ = "0.1.0"
