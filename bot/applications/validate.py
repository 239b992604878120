"""The application's fields, checked as text before anything is vetted.

Each problem says which field, what is wrong and how to fix it, in words an applicant who never
heard of the bot understands. Any problem makes the application incomplete: the repository is not
vetted until it is fixed (editing the issue re-runs the review).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.applications.body import Application
from bot.applications.form import Form, FormField, title_placeholders
from bot.criteria import license_terms
from bot.repository_url import normalise_repository_url

PLACEHOLDER_WORDS = frozenset(
    {"tbd", "tba", "todo", "to do", "to be determined", "to be decided", "coming soon", "none yet",
     "xxx", "...", "…", "?", "placeholder", "lorem ipsum", "asdf"}
)  # fmt: skip
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "your-project", "yourproject")
_ANGLE = re.compile(r"<[^<>\s][^<>]{0,60}>")
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_HANDLE = re.compile(r"^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_SPLIT = re.compile(r"[\s,;]+")
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the form's label, or "Title"
    kind: str  # empty | placeholder | title | not-a-repository | email | handle | license
    message: str
    fix: str


def is_placeholder(value: str, form_field: FormField | None = None) -> bool:
    text = value.strip().strip("`'\"").strip()
    lowered = text.lower().rstrip(".!")
    if lowered in PLACEHOLDER_WORDS:
        return True
    if form_field is not None and form_field.placeholder and text == form_field.placeholder.strip():
        return True
    if _ANGLE.fullmatch(text):  # "<your repo URL>"
        return True
    if "<" in text and ">" in text and "://" in text:  # "https://github.com/<org>/<repo>"
        return True
    return any(host in lowered for host in PLACEHOLDER_HOSTS)


def items(value: str) -> list[str]:
    return [part.strip() for part in _SPLIT.split(value) if part.strip()]


def validate_application(application: Application, form: Form) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    problems += _title_problems(application.title, form)
    for form_field in form.fields:
        value = application.values.get(form_field.label)
        label = form_field.label
        if value is None:
            if form_field.required:
                problems.append(
                    FieldProblem(
                        label, "empty", f"“{label}” is required but empty.", "Edit the issue and fill it in."
                    )
                )
            continue
        if is_placeholder(value, form_field):
            problems.append(
                FieldProblem(
                    label,
                    "placeholder",
                    f"“{label}” holds a placeholder ({value.strip()[:40]}), not an answer.",
                    "Replace it with the real value; if it does not apply, say why in a sentence.",
                )
            )
            continue
        problems += _role_problems(form_field, value)
    return problems


def _title_problems(title: str, form: Form) -> list[FieldProblem]:
    stale = [part for part in title_placeholders(form.title) if part.lower() in title.lower()]
    if not stale:
        return []
    return [
        FieldProblem(
            "Title",
            "title",
            f"The title still reads {stale[0]}.",
            f"Edit the title and replace {stale[0]} with your project's name"
            + (f" (the form's pattern is “{form.title}”)." if form.title else "."),
        )
    ]


def repository_problem(label: str, value: str) -> FieldProblem | None:
    url = value.strip().strip("<>")
    normalised = normalise_repository_url(url)
    if normalised.url is not None and not is_placeholder(url):
        return None
    why = normalised.error or "it is a placeholder"
    if normalised.url is None and normalised.subpage is None and "github.com/" in url and url.count("/") <= 3:
        why = "it names an organisation or user, not a repository"
    return FieldProblem(
        label,
        "not-a-repository",
        f"“{label}” is not a GitHub repository URL ({why}): {url[:80]}",
        normalised.fix or "Write the repository's address, like https://github.com/OWNER/REPO.",
    )


def _role_problems(form_field: FormField, value: str) -> list[FieldProblem]:
    label, role = form_field.label, form_field.role
    if role == "repo":
        problem = repository_problem(label, value)
        return [problem] if problem else []
    if role == "extra_repos":
        urls = _URL.findall(value)
        found = [repository_problem(label, url.rstrip(".,;)")) for url in urls]
        return [p for p in found if p is not None]
    if role == "emails":
        bad = [item for item in items(value) if not _EMAIL.match(item.strip("<>"))]
        if bad:
            return [
                FieldProblem(
                    label,
                    "email",
                    f"“{label}” has {'an address' if len(bad) == 1 else 'addresses'} that "
                    f"{'is' if len(bad) == 1 else 'are'} not an e-mail address: {', '.join(b[:40] for b in bad[:3])}",
                    "Write each address as name@domain.tld, separated by commas.",
                )
            ]
    if role == "maintainers":
        handles = [item for item in items(value) if not item.lower().startswith("http")]
        urls = [item for item in items(value) if item.lower().startswith("http")]
        bad = [h for h in handles if not _HANDLE.match(h)]
        bad += [u for u in urls if not re.fullmatch(r"https://github\.com/[A-Za-z0-9-]{1,39}/?", u)]
        if bad:
            return [
                FieldProblem(
                    label,
                    "handle",
                    f"“{label}” has {'an entry' if len(bad) == 1 else 'entries'} that "
                    f"{'is' if len(bad) == 1 else 'are'} not a GitHub handle: {', '.join(b[:40] for b in bad[:3])}",
                    "Write each maintainer's GitHub login, like @octocat, separated by commas.",
                )
            ]
    if role == "license":
        return _license_problems(label, value)
    return []


def handles(value: str | None) -> list[str]:
    """The GitHub logins a maintainers field names (as written, without @ or URL)."""
    found = []
    for item in items(value or ""):
        login = item.rstrip("/").rsplit("/", 1)[-1].lstrip("@")
        if _HANDLE.match(login):
            found.append(login)
    return list(dict.fromkeys(found))


SPDX_SUGGESTIONS = {
    "apache 2.0": "Apache-2.0", "apache 2": "Apache-2.0", "apache license 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0", "apache": "Apache-2.0", "apache license, version 2.0": "Apache-2.0",
    "bsd": "BSD-3-Clause", "bsd 3": "BSD-3-Clause", "bsd-3": "BSD-3-Clause", "bsd 3-clause": "BSD-3-Clause",
    "new bsd": "BSD-3-Clause", "bsd 2": "BSD-2-Clause", "bsd-2": "BSD-2-Clause", "mit license": "MIT",
    "gplv3": "GPL-3.0-only", "gpl v3": "GPL-3.0-only", "gpl3": "GPL-3.0-only", "lgplv3": "LGPL-3.0-only",
    "mpl 2.0": "MPL-2.0", "mozilla public license 2.0": "MPL-2.0",
}  # fmt: skip


def spdx_identifiers() -> set[str]:
    return {key.lower() for key in license_terms.licensing().known_symbols}


def _license_problems(label: str, value: str) -> list[FieldProblem]:
    text = value.strip().strip("`").strip()
    parsed = license_terms.parse(text)
    known = spdx_identifiers()
    unknown = []
    if parsed is not None:
        unknown = [str(symbol) for symbol in parsed.symbols if str(symbol).lower() not in known]
    if parsed is not None and not unknown:
        return []
    suggestion = SPDX_SUGGESTIONS.get(" ".join(text.lower().replace("license", "license").split()))
    fix = (
        f"Write it as the SPDX identifier “{suggestion}”."
        if suggestion
        else "Write the SPDX identifier, like Apache-2.0, BSD-3-Clause or MIT (https://spdx.org/licenses/)."
    )
    return [FieldProblem(label, "license", f"“{label}” is not an SPDX license expression: {text[:60]}", fix)]
