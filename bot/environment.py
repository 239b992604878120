"""What the commands read from the environment: the GitHub client and the Action's settings (for
`run`, `vet` and `audit` alike), and the day a command judges as of.

GITHUB_TOKEN (or the Action's `github-token` input) authenticates; GITHUB_API_URL and
GITHUB_GRAPHQL_URL point elsewhere (e.g. the simulator); ECOSYSTEM_BOT_RETRY_BACKOFF shortens the
first back-off of the retries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.github import GitHubClient, RetryPolicy
from bot.github_urls import api_url, graphql_url


@dataclass(frozen=True)
class Environment:
    """The GITHUB_* variables GitHub sets for a workflow step (defaults outside one)."""

    event_name: str
    event_path: str
    repository: str
    api_url: str
    graphql_url: str
    server_url: str
    run_id: str | None
    output_path: str | None
    summary_path: str | None
    report_path: Path
    workspace: Path
    retry: RetryPolicy = field(default_factory=RetryPolicy)

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Environment:
        # The workspace, not RUNNER_TEMP: a Docker action's RUNNER_TEMP is not mounted, so later
        # steps could not read a report written there.
        workspace = environ.get("GITHUB_WORKSPACE") or "."
        return cls(
            event_name=environ.get("GITHUB_EVENT_NAME", ""),
            event_path=environ.get("GITHUB_EVENT_PATH", ""),
            repository=environ.get("GITHUB_REPOSITORY", ""),
            api_url=api_url(environ),
            graphql_url=graphql_url(environ),
            server_url=environ.get("GITHUB_SERVER_URL", "https://github.com"),
            run_id=environ.get("GITHUB_RUN_ID"),
            output_path=environ.get("GITHUB_OUTPUT"),
            summary_path=environ.get("GITHUB_STEP_SUMMARY"),
            report_path=Path(
                environ.get("ECOSYSTEM_BOT_REPORT") or Path(workspace) / "ecosystem-bot-report.json"
            ),
            workspace=Path(workspace),
            retry=retry_policy(environ),
        )

    def github_client(self, token: str) -> GitHubClient:
        """The one way every command builds its GitHub client."""
        return GitHubClient(token, self.api_url, self.graphql_url, retry=self.retry)

    def report_output(self) -> str:
        """The report's path as later steps see it: relative to the workspace when inside it."""
        try:
            return str(self.report_path.relative_to(self.workspace))
        except ValueError:
            return str(self.report_path)

    def run_url(self, repository: str) -> str | None:
        if not self.run_id:
            return None
        return f"{self.server_url.rstrip('/')}/{repository}/actions/runs/{self.run_id}"


def github_token(environ: Mapping[str, str]) -> str:
    """GITHUB_TOKEN for the command line (`vet`, `audit`); empty when unset."""
    return environ.get("GITHUB_TOKEN", "").strip()


def retry_policy(environ: Mapping[str, str]) -> RetryPolicy:
    """ECOSYSTEM_BOT_RETRY_BACKOFF shortens the first back-off (seconds); tests and the simulator use it."""
    try:
        backoff = float(environ.get("ECOSYSTEM_BOT_RETRY_BACKOFF", "1"))
    except ValueError:
        backoff = 1.0
    return RetryPolicy(backoff=max(0.0, backoff), secondary_wait=max(0.0, 60 * min(backoff, 1.0)))


def parse_now(text: str | None) -> datetime:
    """`--now YYYY-MM-DD` as the end of that day (UTC); now without one."""
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"--now {text!r}: expected a day as YYYY-MM-DD") from None
    return day.replace(hour=23, minute=59, second=59, tzinfo=UTC)  # as of the end of that day
