"""``exceed lab``: JupyterLab on 127.0.0.1 at the analyst's own copy of the explore notebook."""

from __future__ import annotations

import argparse
import sys

from exceed_analysis.config import paths

__all__ = ["add_parser", "cmd_lab"]


def cmd_lab(args: argparse.Namespace) -> int:
    """JupyterLab on loopback, in the project's environment, serving the project root
    (outputs/, error notebooks and data/processed/ reachable) at the analyst's own copy of
    the explore notebook in lab/ (git-ignored; copied from notebooks/ on first start), so
    saving it never changes the tested template."""
    import os
    import shutil

    p = paths()
    mine = p.lab / args.notebook
    if not mine.exists():
        template = p.notebooks / args.notebook
        if not template.is_file():
            print(
                f"exceed lab: no notebook {template}; use --notebook with a file of notebooks/",
                file=sys.stderr,
            )
            return 2
        mine.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, mine)
        print(f"exceed lab: your copy of {args.notebook} is lab/{args.notebook} (not in git)")
    url = mine.relative_to(p.root).as_posix()
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--ip=127.0.0.1",
        f"--port={args.port}",
        "--no-browser",
        f"--ServerApp.root_dir={p.root}",
        f"--LabApp.default_url=/lab/tree/{url}",
    ]
    cmd.append("--LabApp.extension_manager=readonly")  # no extension look-ups on PyPI
    if args.token is not None:
        cmd.append(f"--IdentityProvider.token={args.token}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI run as root
    os.execv(sys.executable, cmd)  # replaces this process: Ctrl-C stops JupyterLab
    return 0


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    lab = sub.add_parser(
        "lab", parents=[common], help="start JupyterLab on 127.0.0.1 at your copy of the explore notebook"
    )
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--token", default=None, help="access token (default: JupyterLab makes one)")
    lab.add_argument(
        "--notebook",
        default="explore.ipynb",
        help="template in notebooks/ whose copy in lab/ to open (copied on first start)",
    )
    lab.set_defaults(func=cmd_lab)
