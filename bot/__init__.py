"""ecosystem-bot: reviews pull requests to an ecosystem catalog."""

__version__ = "0.1.0"

# The checks reference every result links to, unless the policy (`docs_url`) or the catalog's config
# (`docs-url`) names another. The one place this default is written.
DOCS_URL = "https://github.com/ecosystem-bot/ecosystem-bot/blob/main/docs/checks.md"
