"""Field validation: each problem names the field, says what is wrong and how to fix it."""

from __future__ import annotations

import pytest

from bot.applications.body import parse_application
from bot.applications.validate import handles, validate_application
from bot.commands.demo import SKORCH_APPLICATION, application_body, example_form


def problems(title: str = "[Ecosystem] skorch", **changes: str) -> list[tuple[str, str, str]]:
    form = example_form()
    application = parse_application(title, application_body(dict(SKORCH_APPLICATION, **changes), form), form)
    return [(p.field, p.kind, p.message) for p in validate_application(application, form)]


def test_a_complete_application_has_no_problems():
    assert problems() == []


def test_required_fields_left_empty():
    assert problems(**{"project-license": "", "additional-repos": ""}) == [
        ("Project license", "empty", "“Project license” is required but empty.")
    ]


@pytest.mark.parametrize("value", ["TBD", "tbd.", "TODO", "Coming soon", "<your repo>"])
def test_placeholders(value):
    assert problems(**{"documentation": value})[0][:2] == ("Documentation", "placeholder")


def test_not_applicable_is_an_answer_not_a_placeholder():
    """PyTorch's form asks for "NA" when a field does not apply (e.g. Components of PyTorch)."""
    assert (
        problems(**{"backing-entity": "N/A", "components": "NA", "similar-projects": "not applicable"}) == []
    )


def test_the_template_title():
    assert problems(title="[Ecosystem] <Project Name>") == [
        ("Title", "title", "The title still reads <Project Name>.")
    ]
    assert problems(title="[Ecosystem] <Project Name>?assignees=")[0][1] == "title"


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/<org>/<repo>",
        "https://github.com/skorch-dev",
        "https://example.com/skorch",
        "skorch",
    ],
)
def test_a_repository_url_that_is_not_a_repository(url):
    found = problems(**{"repo-url": url})
    assert found and found[0][0] == "Project repo URL" and found[0][1] in ("placeholder", "not-a-repository")


def test_emails_handles_and_license():
    found = problems(
        **{
            "contact-emails": "a@b.io, not-an-email",
            "maintainers": "@ok-user, -bad-, https://github.com/fine",
        }
    )
    assert found == [
        (
            "Contact emails",
            "email",
            "“Contact emails” has an address that is not an e-mail address: not-an-email",
        ),
        (
            "GitHub handles of the project maintainer(s)",
            "handle",
            "“GitHub handles of the project maintainer(s)” has an entry that is not a GitHub handle: -bad-",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("Apache-2.0", True),
        ("MIT OR Apache-2.0", True),
        ("BSD-3-Clause", True),
        ("Apache 2.0", False),
        ("BSD", False),
    ],
)
def test_the_license_must_be_an_spdx_expression(value, ok):
    found = problems(**{"project-license": value})
    assert (found == []) is ok
    if not ok:
        assert found[0][1] == "license"


def test_handles_are_read_from_logins_mentions_and_profile_urls():
    assert handles("@ada, grace https://github.com/lin/") == ["ada", "grace", "lin"]
