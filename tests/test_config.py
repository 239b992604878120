import pytest

from bot.config import ConfigError, parse_config, read_inputs


def test_no_config_file_means_defaults():
    config = parse_config(None, ".github/ecosystem-bot.yml", environ={})
    assert config.policy == "pytorch-2019"
    assert config.registries.pypi_url == "https://pypi.org/pypi"
    assert config.check_links and not config.allow_private_links


def test_policy_input_overrides_the_file():
    config = parse_config("policy: pytorch-2019\n", "c.yml", policy_input="pytorch-tac-v1", environ={})
    assert config.policy == "pytorch-tac-v1"


def test_overrides_are_passed_to_the_policy_loader_with_dates_as_text():
    text = (
        "labels: {needs-work: Need more info}\n"
        "waivers:\n"
        "  - {entry: skorch, check: COMM-005, reason: org-wide, approved_by: mia, expires: 2027-01-31}\n"
    )
    config = parse_config(text, "c.yml", environ={})
    assert config.policy_overrides["labels"] == {"needs-work": "Need more info"}
    assert config.policy_overrides["waivers"][0]["expires"] == "2027-01-31"


def test_malformed_yaml_names_file_line_and_column():
    with pytest.raises(
        ConfigError, match=r"^\.github/ecosystem-bot\.yml:2:13: not valid YAML: mapping values"
    ):
        parse_config("policy: x\nlinks: check: true\n", ".github/ecosystem-bot.yml", environ={})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("polcy: pytorch-2019\n", "Additional properties are not allowed ('polcy' was unexpected)"),
        ("links: {check: yes-please}\n", "links.check: 'yes-please' is not of type 'boolean'"),
        ("checks: {TEST-001: {severity: mandatory}}\n", "checks.TEST-001.severity"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_wrong_settings_are_named(text, message):
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "c.yml", environ={})
    assert message in str(raised.value)
    assert "c.yml" in str(raised.value)


def test_registry_urls_can_come_from_the_environment():
    config = parse_config(None, "c.yml", environ={"ECOSYSTEM_BOT_PYPI_URL": "http://127.0.0.1:1/pypi"})
    assert config.registries.pypi_url == "http://127.0.0.1:1/pypi"


def test_inputs_as_github_passes_them():
    inputs = read_inputs(
        {"INPUT_GITHUB-TOKEN": "t", "INPUT_FAIL-ON": "never", "INPUT_BOT-LOGIN": "my-app[bot]"}
    )
    assert (inputs.token, inputs.fail_on, inputs.bot_login) == ("t", "never", "my-app[bot]")


@pytest.mark.parametrize(
    ("environ", "message"),
    [({}, "no GitHub token"), ({"INPUT_GITHUB-TOKEN": "t", "INPUT_FAIL-ON": "sometimes"}, "fail-on")],
)
def test_bad_inputs_are_explained(environ, message):
    with pytest.raises(ConfigError, match=message):
        read_inputs(environ)
