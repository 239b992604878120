"""The body of an issue opened from a form → each field's value, found by the field's label.

GitHub renders a form submission as one `### {label}` heading per field, a blank line, then the
value; an empty optional field reads `_No response_`; checkboxes are `- [X] …` lines. Sections
are matched by label (case and spacing ignored), so reordered fields keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.applications.form import Form, FormField

NO_RESPONSE = "_No response_"
MAX_BODY_CHARS = 200_000
_HEADING = re.compile(r"^###\s+(.+?)\s*#*\s*$")
FROM_FORM_SHARE = 0.5  # at least this share of the form's labels must head a section


@dataclass
class Application:
    """What the applicant wrote: value per field (None: no response), by role and by label."""

    title: str
    values: dict[str, str | None] = field(default_factory=dict)  # label → value
    by_role: dict[str, str | None] = field(default_factory=dict)  # role → value
    missing_sections: list[str] = field(default_factory=list)  # form labels with no heading at all

    def value(self, role: str) -> str | None:
        return self.by_role.get(role)


def _key(label: str) -> str:
    return " ".join(label.replace("*", "").split()).casefold()


def sections(body: str) -> dict[str, str]:
    """heading key → text under it, for every `### ` heading outside fenced code."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    fence: str | None = None
    for line in body[:MAX_BODY_CHARS].replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            marker = stripped[:3]
            fence = None if fence == marker else (fence or marker)
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            key = _key(heading.group(1))
            current = [] if key not in found else None  # a repeated heading: the first one counts
            if current is not None:
                found[key] = current
            continue
        if current is not None:
            current.append(line)
    return {key: "\n".join(lines).strip() for key, lines in found.items()}


def field_value(raw: str | None, form_field: FormField) -> str | None:
    if raw is None:
        return None
    text = raw.strip()
    if not text or text == NO_RESPONSE:
        return None
    if form_field.type == "checkboxes":
        checked = [
            line.split("]", 1)[1].strip() for line in text.splitlines() if line.strip()[:5].lower() == "- [x]"
        ]
        return "\n".join(checked) or None
    return text


def is_from_form(body: str, form: Form) -> bool:
    """True when enough of the form's labels head a section of the body."""
    found = sections(body or "")
    present = sum(1 for f in form.fields if _key(f.label) in found)
    return present > 0 and present >= FROM_FORM_SHARE * len(form.fields)


def parse_application(title: str, body: str, form: Form) -> Application:
    found = sections(body or "")
    application = Application(title=title)
    for form_field in form.fields:
        key = _key(form_field.label)
        if key not in found:
            application.missing_sections.append(form_field.label)
        value = field_value(found.get(key), form_field)
        application.values[form_field.label] = value
        if form_field.role:
            application.by_role[form_field.role] = value
    return application


def render_body(form: Form, values: dict[str, str]) -> str:
    """The body GitHub writes for a form submission; `values` by field id (or label)."""
    parts = []
    for form_field in form.fields:
        value = values.get(form_field.id or "", values.get(form_field.label, "")).strip()
        parts.append(f"### {form_field.label}\n\n{value or NO_RESPONSE}")
    return "\n\n".join(parts) + "\n"
