"""Trường Số composition root: parse arguments, set up logging, run the CLI or the window.

Only what the chosen path needs is imported (issue 17 §7): ``--help`` and a
command's parse import no command module but that command's, the window path
imports the data layer while the first window is on screen (``ui.app``).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``python main.py`` and the frozen bundle."""
    argv = sys.argv[1:] if argv is None else argv
    from app.logs import setup_logging

    setup_logging()
    if "--self-test" in argv:
        from app.selftest import self_test

        return self_test()
    from app import cli

    parser, args = cli.parse(argv)
    if getattr(args, "func", None):
        return cli.run(args)
    if getattr(args, "command", None):
        parser.parse_args([args.command, "--help"])
        return 2
    from ui.app import run_gui

    return run_gui(args.db)


if __name__ == "__main__":
    sys.exit(main())
