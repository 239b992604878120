"""The `catalog:` section of .github/ecosystem-bot.yml."""

from __future__ import annotations

from bot.catalog import CatalogSettings, load_settings


def test_defaults_follow_the_format() -> None:
    settings, problems = CatalogSettings.from_mapping({"format": "landscape"}, "cfg.yml")
    assert problems == []
    assert settings.paths == ("landscape.yml",)
    assert settings.fields["repository"] == "repo_url"


def test_every_key_is_read() -> None:
    settings, problems = CatalogSettings.from_mapping(
        {
            "format": "front-matter",
            "paths": ["_projects/*.md"],
            "logos_dir": "logos/",
            "allowed_hosts": ["GitHub.com", "gitlab.com"],
            "max_bytes": 1000,
        },
        "cfg.yml",
    )
    assert problems == []
    assert (settings.paths, settings.logos_dir, settings.allowed_hosts, settings.max_bytes) == (
        ("_projects/*.md",),
        "logos",
        ("github.com", "gitlab.com"),
        1000,
    )


def test_mistakes_are_reported_at_their_line_with_a_suggestion() -> None:
    config = b"""policy: pytorch-2019
catalog:
  format: landscap
  path: [x]
  max_bytes: -1
  fields: {repo: x}
"""
    settings, problems = load_settings(config, ".github/ecosystem-bot.yml")
    assert settings.format == "entry-files"
    assert [(p.line, p.column, p.field, p.message, p.fix) for p in problems] == [
        (4, 3, "catalog.path", "unknown key `catalog.path`", "did you mean `paths`?"),
        (
            3,
            3,
            "catalog.format",
            "unknown catalog format 'landscap' (one of entry-files, landscape, front-matter)",
            "did you mean `landscape`?",
        ),
        (
            6,
            12,
            "catalog.fields.repo",
            "unknown role `repo` (one of repository, name, category)",
            "did you mean `repository`?",
        ),
        (5, 3, "catalog.max_bytes", "`catalog.max_bytes` must be a positive whole number", None),
    ]


def test_a_config_without_a_catalog_section_gives_the_defaults() -> None:
    assert load_settings(b"policy: pytorch-2019\n", "c.yml") == (CatalogSettings(), [])
