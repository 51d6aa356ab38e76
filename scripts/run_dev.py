"""`make run`'s last step: the development site and a real Celery worker with beat, together.

Starts, each in a process group of its own:

* ``manage.py runserver HOST:PORT`` (with the autoreloader unless ``--noreload``);
* ``celery -A shlawyers worker --beat`` — beat runs inside the worker and reads its
  schedules from django-celery-beat's tables. Without REDIS_URL the broker is kombu's
  filesystem transport under .data/celery/ and the cache a file cache under .data/cache/
  (shlawyers/settings.py); with REDIS_URL both are Redis. Same command either way.

Ctrl-C (SIGINT) or SIGTERM is passed on to both groups; whatever has not exited after
``--grace`` seconds is killed with its whole group, so the autoreloader's child and the
worker's pool processes never outlive the site. If either process dies on its own, the
other is stopped too and the exit status says so. On Linux the children also get SIGTERM
if this supervisor is killed outright (PR_SET_PDEATHSIG).

Standard library only: the children import Django, this process does not.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    os.setsid()  # own session and process group: signals reach the whole tree
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def commands(args: argparse.Namespace) -> dict[str, list[str]]:
    python = sys.executable
    web = [python, "manage.py", "runserver", f"{args.host}:{args.port}"]
    if args.noreload:
        web.append("--noreload")
    worker = [
        python,
        "-m",
        "celery",
        "-A",
        "shlawyers",
        "worker",
        "--beat",
        "--loglevel",
        args.loglevel,
        "--concurrency",
        str(args.concurrency),
        # One worker, no peers to sync with or gossip to.
        "--without-mingle",
        "--without-gossip",
    ]
    return {"web": web, "worker": worker}


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def stop(processes: dict[str, subprocess.Popen[bytes]], grace: float) -> None:
    """SIGINT to every group (the same as Ctrl-C), then SIGKILL to what is left."""
    for process in processes.values():
        _signal_group(process, signal.SIGINT)
    deadline = time.monotonic() + grace
    for process in processes.values():
        remaining = max(0.0, deadline - time.monotonic())
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=remaining)
    # The group leader may be gone while its children (reloader child, pool) are not.
    for process in processes.values():
        _signal_group(process, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=5)


class _Stop(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    parser.add_argument("--noreload", action="store_true", help="runserver without reloader")
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
    parser.add_argument("--loglevel", default="INFO")
    parser.add_argument("--grace", type=float, default=10.0, help="seconds to exit cleanly")
    args = parser.parse_args(argv)

    def _raise_stop(signum: int, frame: object) -> None:
        raise _Stop

    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)

    processes: dict[str, subprocess.Popen[bytes]] = {}
    status = 0
    try:
        for name, command in commands(args).items():
            processes[name] = subprocess.Popen(  # noqa: S603 - our own fixed commands
                command, cwd=ROOT, preexec_fn=_die_with_parent
            )
        print(
            f"run_dev: site on http://{args.host}:{args.port}/ (pid {processes['web'].pid}), "
            f"Celery worker with beat (pid {processes['worker'].pid}); Ctrl-C stops both.",
            flush=True,
        )
        while True:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    print(f"run_dev: {name} exited with status {code}; stopping.", flush=True)
                    status = code or 1
                    raise _Stop
            time.sleep(0.5)
    except _Stop:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stop(processes, args.grace)
    return status


if __name__ == "__main__":
    sys.exit(main())
