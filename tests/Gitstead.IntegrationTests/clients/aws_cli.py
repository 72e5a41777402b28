#!/usr/bin/env python3
"""Runs the real aws CLI (v1) for the integration tests without paying its start-up per call.

The `aws` executable is `sys.exit(awscli.clidriver.main())`. This process imports
awscli.clidriver once, then for each request forks a child that applies the request's
environment and argv and runs that same main(), with stdout and stderr captured, so every
call still gets a fresh process, session, credentials and configuration.

Before the first fork this process also builds one CLI driver (importing the plugins and
handlers main() would import in every child) and remembers botocore's listing of its data
directories, which every new session walks again (thousands of stat calls) and which cannot
change during a test run. A call then costs its command, not the CLI's start.

One JSON request per line on stdin: {"args": [...], "env": {...}}
One JSON answer per line on stdout: {"exit": int, "stdout": str, "stderr": str}
If awscli cannot be imported, every answer is {"unavailable": reason}: run `aws` instead.
"""
import gc
import json
import os
import sys
import tempfile

try:
    import awscli.clidriver
    import botocore.loaders
    UNAVAILABLE = None
except ImportError as e:  # another Python than the one the CLI is installed for
    UNAVAILABLE = f"cannot import awscli: {e}"


def _warm_up():
    """Imports what main() imports on its way to a command, and shares the data directory listing."""
    listing = botocore.loaders.Loader.list_available_services
    known = {}

    def list_available_services(self, type_name):
        key = (tuple(self.search_paths), type_name)
        if key not in known:
            known[key] = listing(self, type_name)
        return list(known[key])

    botocore.loaders.Loader.list_available_services = list_available_services
    try:
        loader = awscli.clidriver.create_clidriver().session.get_component("data_loader")
        for type_name in ("service-2", "paginators-1", "waiters-2", "endpoint-rule-set-1"):
            loader.list_available_services(type_name)
    except Exception:  # a child that fails the same way reports it in its own stderr
        pass
    # What is loaded now is shared by every child; the collector would otherwise walk all of it
    # again in each child (and copy every page it touches).
    gc.freeze()


def _child(request, out_path, err_path):
    os.environ.update(request.get("env") or {})
    if os.environ.get("LC_CTYPE", "") == "UTF-8":  # as the aws script does
        os.environ["LC_CTYPE"] = "en_US.UTF-8"
    sys.argv = ["aws", *request["args"]]
    sys.stdout = sys.__stdout__
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(os.open(out_path, os.O_WRONLY | os.O_TRUNC), 1)
    os.dup2(os.open(err_path, os.O_WRONLY | os.O_TRUNC), 2)
    rc = 255
    try:
        rc = awscli.clidriver.main()
    except SystemExit as e:
        rc = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:  # the real script would print a traceback and exit 1
        import traceback
        traceback.print_exc()
        rc = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(rc if isinstance(rc, int) else 0)


def _run(request, workdir):
    out_path = os.path.join(workdir, "stdout")
    err_path = os.path.join(workdir, "stderr")
    for path in (out_path, err_path):
        open(path, "w").close()
    pid = os.fork()
    if pid == 0:
        _child(request, out_path, err_path)
    _, status = os.waitpid(pid, 0)
    rc = os.waitstatus_to_exitcode(status)
    with open(out_path, encoding="utf-8", errors="replace") as out, open(err_path, encoding="utf-8", errors="replace") as err:
        return {"exit": rc, "stdout": out.read(), "stderr": err.read()}


def main():
    answers = sys.stdout
    sys.stdout = sys.stderr
    if not UNAVAILABLE:
        _warm_up()
    with tempfile.TemporaryDirectory(prefix="gitstead-aws-") as workdir:
        for line in sys.stdin:
            if not line.strip():
                continue
            if UNAVAILABLE:
                answer = {"unavailable": UNAVAILABLE}
            else:
                answer = _run(json.loads(line), workdir)
            answers.write(json.dumps(answer) + "\n")
            answers.flush()


if __name__ == "__main__":
    main()
