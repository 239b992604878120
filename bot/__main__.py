import sys

from bot.cli import main
from bot.fast_exit import exit_now

code = main()
if sys.argv[1:2] == ["run"]:  # the Action, where users wait: no teardown once the work is done
    exit_now(code)
raise SystemExit(code)
