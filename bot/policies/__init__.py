"""Policy presets as YAML data, and the loader that validates them with a catalog's overrides."""
