"""The form definition and the issue body, as GitHub renders a form submission."""

from __future__ import annotations

import re

import pytest

from bot.applications.body import NO_RESPONSE, is_from_form, parse_application, sections
from bot.applications.form import FormError, parse_form, role_of
from bot.commands.demo import SKORCH_APPLICATION, application_body, example_form

FORM = """
title: "[Ecosystem] <Project Name>"
labels: [New]
body:
  - type: markdown
    attributes: {value: "Hello"}
  - type: input
    id: repo-url
    attributes: {label: Project repo URL}
    validations: {required: true}
  - type: input
    attributes: {label: Project license}
  - type: checkboxes
    id: terms
    attributes:
      label: Agreement
      options: [{label: I agree}]
"""

# What GitHub writes for the form above (a real rendering has exactly this shape).
BODY = """### Project repo URL

https://github.com/skorch-dev/skorch

### Project license

_No response_

### Agreement

- [X] I agree
"""


def test_the_form_fields_and_their_roles():
    form = parse_form(FORM, "application.yml")
    assert [(f.label, f.role, f.required) for f in form.fields] == [
        ("Project repo URL", "repo", True),
        ("Project license", "license", False),
        ("Agreement", None, False),
    ]
    assert form.title == "[Ecosystem] <Project Name>" and form.labels == ["New"]


def test_values_by_label_with_no_response_and_checkboxes():
    form = parse_form(FORM, "application.yml")
    application = parse_application("[Ecosystem] skorch", BODY, form)
    assert application.value("repo") == "https://github.com/skorch-dev/skorch"
    assert application.value("license") is None
    assert application.values["Agreement"] == "I agree"
    assert is_from_form(BODY, form)


def test_reordered_sections_and_headings_in_code_blocks():
    form = parse_form(FORM, "application.yml")
    body = "### Project license\n\nMIT\n\n```\n### Project repo URL\nnot this\n```\n### Project repo URL\n\nhttps://github.com/a/b\n"
    application = parse_application("t", body, form)
    assert application.value("license") == "MIT\n\n```\n### Project repo URL\nnot this\n```"
    assert application.value("repo") == "https://github.com/a/b"


def test_an_issue_not_from_the_form():
    form = parse_form(FORM, "application.yml")
    assert not is_from_form("Hi, how do I apply?\n\n### Question\n\nWhere?", form)
    assert not is_from_form("", form)


def test_the_example_form_round_trips():
    form = example_form()
    body = application_body(SKORCH_APPLICATION)
    application = parse_application("[Ecosystem] skorch", body, form)
    assert application.value("repo") == "https://github.com/skorch-dev/skorch"
    assert application.value("maintainers") == "@BenjaminBossan, @ottonemo"
    assert application.value("extra_repos") is None  # rendered as _No response_
    assert NO_RESPONSE in body
    assert {f.role for f in form.fields} >= {
        "emails", "summary", "description", "similar", "repo", "extra_repos", "license", "maintainers",
        "backing", "website", "documentation", "ci", "pytorch_version", "components", "maintenance", "additional",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("field_id", "label", "role"),
    [
        (None, "Project repo URL", "repo"),
        (None, "Additional repos in scope of the application", "extra_repos"),
        (None, "GitHub handles of the project maintainer(s)", "maintainers"),
        (None, "How long do you expect to maintain the project?", "maintenance"),
        ("repo-url", "Where is the code?", "repo"),
        (None, "Favourite colour", None),
    ],
)
def test_roles_from_id_or_label(field_id, label, role):
    assert role_of(field_id, label) == role


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("body: [", "not valid YAML"),
        ("name: x\n", "not an issue form"),
        ("body:\n  - type: input\n    attributes: {}\n", "body[0] has no attributes.label"),
        ("body:\n  - type: markdown\n    attributes: {value: hi}\n", "the form has no input fields"),
    ],
)
def test_a_broken_form_names_the_file_and_the_problem(text, message):
    with pytest.raises(FormError, match=re.escape(message)) as raised:
        parse_form(text, ".github/ISSUE_TEMPLATE/application.yml")
    assert str(raised.value).startswith(".github/ISSUE_TEMPLATE/application.yml: ")


def test_sections_keep_the_first_of_repeated_headings():
    assert sections("### A\n\none\n\n### A\n\ntwo\n") == {"a": "one"}


# The field labels of pytorch-fdn/ecosystem's application form (which has no field ids), verbatim.
PYTORCH_LABELS = {
    "Contact emails": "emails",
    "Project summary": "summary",
    "Project description": "description",
    "Are there any other projects in the PyTorch Ecosystem similar to yours?  If, yes, what are they?": "similar",
    "Project repo URL": "repo",
    "Additional repos in scope of the application": "extra_repos",
    "Project license": "license",
    "GitHub handles of the project maintainer(s)": "maintainers",
    "Is there a corporate or academic entity backing this project?  If so, please provide the name and URL of "
    "the entity.": "backing",
    "Website URL": "website",
    "Documentation": "documentation",
    "How do you build and test the project today (continuous integration)?  Please describe.": "ci",
    "Version of PyTorch": "pytorch_version",
    "Components of PyTorch": "components",
    "How long do you expect to maintain the project?": "maintenance",
    "Additional information": "additional",
}


def test_the_pytorch_forms_labels_get_their_roles_without_ids():
    assert {label: role_of(None, label) for label in PYTORCH_LABELS} == PYTORCH_LABELS
