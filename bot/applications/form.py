"""The issue form definition (GitHub issue forms YAML) → the fields the application has.

Each field gets a role (repository, license, maintainers, …) from its `id` first, else from its
label, so a renamed label keeps its meaning when the id stays, and a form without ids still works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_FORM_BYTES = 256 * 1024
# role → words that name it in a field id or label (first role that matches wins; order matters)
ROLE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "extra_repos",
        ("additional repo", "additional-repo", "additional_repo", "other repo", "repos in scope"),
    ),
    ("emails", ("email", "e-mail")),
    ("summary", ("summary", "one line", "one-line", "tagline")),
    ("similar", ("similar",)),
    ("description", ("description",)),
    ("repo", ("repo url", "repo-url", "repo_url", "repository url", "repository", "repo")),
    ("license", ("license", "licence")),
    ("maintainers", ("handle", "maintainer")),
    ("backing", ("backing", "entity", "sponsor")),
    ("website", ("website", "homepage", "home page")),
    ("documentation", ("documentation", "docs")),
    ("ci", ("built and tested", "build and test", "tested", " ci", "ci ", "continuous integration")),
    ("pytorch_version", ("version of pytorch", "pytorch version", "pytorch-version", "pytorch_version")),
    ("components", ("component",)),
    ("maintenance", ("how long", "maintained", "maintenance")),
    (
        "additional",
        ("additional information", "additional-information", "anything else", "other information"),
    ),
)
INPUT_TYPES = frozenset({"input", "textarea", "dropdown", "checkboxes"})


class FormError(ValueError):
    """The form definition cannot be read; the message names the file and what is wrong."""


@dataclass(frozen=True)
class FormField:
    id: str | None
    label: str
    type: str
    required: bool
    placeholder: str | None = None
    role: str | None = None


@dataclass
class Form:
    path: str
    title: str | None  # the title template, e.g. "[Ecosystem] <Project Name>"
    labels: list[str]
    fields: list[FormField] = field(default_factory=list)

    def by_role(self, role: str) -> FormField | None:
        return next((f for f in self.fields if f.role == role), None)


def role_of(field_id: str | None, label: str) -> str | None:
    for text in (field_id, label):
        if not text:
            continue
        lowered = f" {text.lower().replace('_', ' ').replace('-', ' ')} "
        raw = text.lower()
        for role, words in ROLE_WORDS:
            if any(word in raw or word in lowered for word in words):
                return role
    return None


def parse_form(text: str, path: str) -> Form:
    """Read the form YAML; raise FormError naming the file and the problem."""
    if len(text.encode("utf-8")) > MAX_FORM_BYTES:
        raise FormError(f"{path}: the form definition is larger than {MAX_FORM_BYTES} bytes")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FormError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("body"), list):
        raise FormError(f"{path}: not an issue form (no `body:` list of fields)")
    labels = data.get("labels") or []
    form = Form(
        path=path,
        title=str(data["title"]) if isinstance(data.get("title"), str) else None,
        labels=[str(item) for item in labels] if isinstance(labels, list) else [str(labels)],
    )
    used: set[str] = set()
    for index, item in enumerate(data["body"]):
        if not isinstance(item, dict) or item.get("type") not in INPUT_TYPES:
            continue  # markdown blocks are not fields
        attributes: dict[str, Any] = item["attributes"] if isinstance(item.get("attributes"), dict) else {}
        label = str(attributes.get("label") or "").strip()
        if not label:
            raise FormError(f"{path}: body[{index}] has no attributes.label")
        validations: dict[str, Any] = item["validations"] if isinstance(item.get("validations"), dict) else {}
        field_id = str(item["id"]) if item.get("id") is not None else None
        role = role_of(field_id, label)
        if role in used:
            role = None  # one field per role: the first wins
        if role:
            used.add(role)
        placeholder = attributes.get("placeholder")
        form.fields.append(
            FormField(
                id=field_id,
                label=label,
                type=str(item["type"]),
                required=bool(validations.get("required")),
                placeholder=str(placeholder).strip() if placeholder else None,
                role=role,
            )
        )
    if not form.fields:
        raise FormError(f"{path}: the form has no input fields")
    return form


_TITLE_PLACEHOLDER = re.compile(r"<[^<>]{1,60}>")


def title_placeholders(title_template: str | None) -> list[str]:
    """`<Project Name>`-like parts of the form's title template."""
    return _TITLE_PLACEHOLDER.findall(title_template or "") or ["<Project Name>"]
