"""Build small git repositories inside tests: files, and commits with chosen dates and authors."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path


class GitRepo:
    def __init__(self, path: Path, branch: str = "main") -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", branch)

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.path), *args],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path), **(env or {})},
        )
        return done.stdout

    def write(self, relative: str, text: str) -> None:
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)

    def commit(
        self,
        when: datetime,
        author: str = "Ada",
        email: str = "ada@example.org",
        message: str = "c",
        committer: tuple[str, str] | None = None,
    ) -> None:
        """Commit everything (or an empty commit) at `when` by `author`, committed by `committer`
        (name, e-mail; default: the author)."""
        stamp = when.isoformat()
        committer_name, committer_email = committer or (author, email)
        env = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": committer_name,
            "GIT_COMMITTER_EMAIL": committer_email,
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        self.git("add", "-A", env=env)
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)

    def tag(self, name: str, when: datetime) -> None:
        stamp = when.isoformat()
        env = {
            "GIT_COMMITTER_NAME": "Ada",
            "GIT_COMMITTER_EMAIL": "ada@example.org",
            "GIT_COMMITTER_DATE": stamp,
        }
        self.git("tag", "-a", name, "-m", name, env=env)
