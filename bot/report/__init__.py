"""How a review is shown: the PR comment and the step summary (`comment`), the hidden state the
comment carries (`state`), the JSON report of schemas/report.schema.json (`json_report`), the
terminal checklist of `vet` (`text`), and how `validate` prints problems (`problems`). The icons
are bot.icons; the sticky post's marker and state format are bot.sticky."""
