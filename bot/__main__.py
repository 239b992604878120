import os
import sys

if sys.argv[1:2] == ["run"]:  # the Action: GitHub's handshakes go on while the rest is imported
    from bot.early_connection import start

    start(os.environ)

from bot.cli import main
from bot.fast_exit import exit_now

code = main()
if sys.argv[1:2] == ["run"]:  # the Action, where users wait: no teardown once the work is done
    exit_now(code)
raise SystemExit(code)
