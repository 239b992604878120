"""Policy presets as YAML data, and the loader that validates them with a catalog's overrides."""

from bot.config import DEFAULT_POLICY
from bot.policies.loader import PolicyError, bundled_policies, load_policy
from bot.policies.model import Policy

__all__ = ["DEFAULT_POLICY", "Policy", "PolicyError", "bundled_policies", "load_policy"]
