import os
import sys

ACTION = sys.argv[1:2] == ["run"]  # the Action, where users wait

if ACTION:  # GitHub's handshakes go on while the rest is imported
    from bot.early_connection import start

    start(os.environ)

from bot.cli import main  # noqa: E402  (imported once the connection is under way)
from bot.fast_exit import exit_now  # noqa: E402

code = main()
if ACTION:  # no teardown once the work is done
    exit_now(code)
raise SystemExit(code)
