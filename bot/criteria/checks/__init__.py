"""The checks, one module per family; `bot.criteria.registry` collects them."""
