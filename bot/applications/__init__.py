"""Application issues: a project applies by opening an issue from a form; the bot reviews it.

form      the form definition (`.github/ISSUE_TEMPLATE/*.yml`) → fields with roles
body      the issue body as GitHub renders a form → values by field label
validate  the values → problems with kind, exact messages (an incomplete application)
activity  complete 90-day commit and author counts (GraphQL history, paged)
torch     the latest two PyTorch releases, read from PyPI `torch` once per run
rubric    the policy's verdicts → the Working Group's 19 rows, statuses and lean
render    the rubric → the comment (and the same data as JSON)
issue     read the issue, its comments and labels, the config and the form (REST)
run       the pipeline for one issue, top to bottom, and its publishing
"""
