from __future__ import annotations

import io

from bot.audit.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_shows_on_a_terminal_only() -> None:
    terminal = Terminal()
    progress = Progress(40, terminal)
    progress.advance("GitHub", 20)
    progress.advance("registries", 3)
    progress.finish()
    assert "\raudit: GitHub 20/40  registries 3/40" in terminal.getvalue()
    assert terminal.getvalue().endswith("\n")
    piped = io.StringIO()
    quiet = Progress(40, piped)
    quiet.advance("GitHub", 20)
    quiet.finish()
    assert piped.getvalue() == ""
