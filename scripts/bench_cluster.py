"""`make bench-cluster`: `make cluster` through its nginx balancer, with REPLICAS 1, 2 and 3, beside
Rasa's starter bot and the one-process Payband (`make serve`), in one run, with make bench's harness.

Each setup runs alone (never two at once): the starter (`rasa init`, in-memory store, no action
server), Payband in one process (SQLite, in-memory lock), then scripts/cluster.sh with 1, 2 and 3
Rasa replicas (PostgreSQL, Redis, one action server, nginx; a fresh database each time). For each:
1 client x 400 messages and 8 concurrent clients x 64 messages, as 8-turn conversations with
fresh sender ids from the seeded generators of scripts/bench.py, after a warm-up of every
replica; then the RSS of every Payband process. Prints one table with the ratios to the starter
and the targets (8 clients: >= 3x its messages/s and <= 1/3 of its p95), and writes
bench/cluster.md and bench/cluster.json.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import bench  # noqa: E402 - after the path

PG_PORT, REDIS_PORT, ACTION_PORT, BALANCER_PORT, RASA_BASE_PORT = 5533, 5534, 5535, 5536, 5540
REPLICA_COUNTS = (1, 2, 3)
UP_TIMEOUT_S = 480.0
PAYBAND_PARTS = ("runtime.launch run", "actions.server", "redis-server", "nginx", "postgres")


def cluster_rss_mb(root_pid: int, cluster_dir: Path) -> Dict[str, float]:
    """RSS (MB) summed per kind of Payband process: the cluster script's tree, plus PostgreSQL,
    which pg_ctl starts outside that tree (found from its postmaster.pid)."""
    table = bench._process_table()
    tree = bench._descendants(root_pid, table)
    try:
        tree += bench._descendants(int((cluster_dir / "pg" / "data" / "postmaster.pid").read_text().split()[0]), table)
    except (OSError, ValueError, IndexError):
        pass
    out: Dict[str, float] = {}
    for pid in set(tree):
        cmdline = table.get(pid, (0, 0, ""))[2]
        part = next((part for part in PAYBAND_PARTS if part in cmdline), None)
        if part:
            out[part] = out.get(part, 0.0) + bench._rss_kb(pid) / 1024
    return {part: round(mb, 1) for part, mb in out.items()}


def wait_until_up(proc: subprocess.Popen, log: Path, timeout_s: float) -> Optional[str]:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace") if log.exists() else ""
        if "cluster is up" in text:
            return None
        if proc.poll() is not None:
            return f"make cluster exited ({proc.returncode}): {text[-400:]}"
        time.sleep(0.5)
    return f"not up within {timeout_s:.0f} s"


def measure_cluster(replicas: int, seed: int, run_id: str, workdir: Path, settings: Dict[str, Any], model: Path) -> Dict[str, Any]:
    name = f"cluster-{replicas}"
    result: Dict[str, Any] = {"name": f"make cluster, {replicas} replica(s)", "replicas": replicas, "phases": {}}
    cluster_dir = workdir / f"payband-cluster-bench-{replicas}"
    cluster_dir.mkdir(parents=True)
    cluster_dir.chmod(0o755)
    env = {
        **bench.base_env(),
        "REPLICAS": str(replicas),
        "CLUSTER_DIR": str(cluster_dir),
        "PG_PORT": str(PG_PORT),
        "REDIS_PORT": str(REDIS_PORT),
        "ACTION_PORT": str(ACTION_PORT),
        "BALANCER_PORT": str(BALANCER_PORT),
        "RASA_BASE_PORT": str(RASA_BASE_PORT),
        "MODEL": str(model),
        "ACTION_SERVER_SECRET": secrets.token_hex(16),
    }
    for unset in ("REDIS_URL", "ACTION_URL", "TRACKER_DB", "SANIC_WORKERS"):
        env.pop(unset, None)
    log = workdir / f"{name}.log"
    bench.progress(f"{name}: starting scripts/cluster.sh")
    t0 = time.perf_counter()
    proc = bench.spawn(["bash", "scripts/cluster.sh"], ROOT, env, log)
    try:
        why = wait_until_up(proc, log, UP_TIMEOUT_S)
        if why:
            result["error"] = why
            bench.progress(f"{name}: {why}")
            return result
        result["up_s"] = bench._round(time.perf_counter() - t0, 1)
        url = f"http://127.0.0.1:{BALANCER_PORT}/webhooks/rest/webhook"
        generator = bench.GENERATORS["payband"]
        for i in range(replicas):  # every replica answers a few before anything is measured
            replica = f"http://127.0.0.1:{RASA_BASE_PORT + i}/webhooks/rest/webhook"
            bench.run_clients(replica, generator, seed, f"warmup{i}", run_id, 1, bench.WARMUP_MESSAGES, 60)
        for phase, clients, count in (
            ("one_client", 1, settings["one_client_messages"]),
            ("concurrent", bench.CONCURRENT_CLIENTS, settings["messages_per_client"]),
        ):
            bench.progress(f"{name}: {clients} client(s) x {count} messages through nginx")
            tag = "one" if clients == 1 else "conc"
            phase_result = bench.run_clients(url, generator, seed, tag, f"{run_id}{replicas}", clients, count, bench.THROUGHPUT_BUDGET_S)
            result["phases"][phase] = phase_result
            bench.progress(
                f"{name}:   {phase_result['msg_per_s']} msg/s, p50 {phase_result['p50_ms']} ms, "
                f"p95 {phase_result['p95_ms']} ms, {phase_result['errors']} errors"
            )
        result["rss_mb"] = cluster_rss_mb(proc.pid, cluster_dir)
    finally:
        proc.send_signal(signal.SIGTERM)  # the script stops what it started, PostgreSQL included
        try:
            proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            pass
        bench.stop(proc)
    return result


def row(result: Dict[str, Any], starter: Dict[str, Any]) -> List[str]:
    def phase(bot: Dict[str, Any], name: str, key: str) -> Optional[float]:
        return (bot.get("phases", {}).get(name) or {}).get(key)

    def cell(value: Optional[float], digits: int = 1) -> str:
        return "–" if value is None else f"{value:,.{digits}f}"

    conc_rate, conc_p95 = phase(result, "concurrent", "msg_per_s"), phase(result, "concurrent", "p95_ms")
    rate_ratio = bench.ratio(conc_rate, phase(starter, "concurrent", "msg_per_s"))
    p95_ratio = bench.ratio(conc_p95, phase(starter, "concurrent", "p95_ms"))
    errors = sum(phase(result, name, "errors") or 0 for name in ("one_client", "concurrent"))
    rss = result.get("rss_mb") or {}
    return [
        result["name"] + (f" ({result['error']})" if result.get("error") else ""),
        cell(conc_rate),
        "–" if rate_ratio is None else f"{rate_ratio:.2f}×",
        cell(conc_p95, 0),
        "–" if p95_ratio is None else f"{p95_ratio:.2f}×",
        cell(phase(result, "one_client", "p50_ms")),
        cell(phase(result, "one_client", "p95_ms")),
        str(errors),
        cell(sum(rss.values()), 0) if rss else "–",
    ]


HEADER = [
    "setup",
    "8 clients msg/s",
    "÷ starter",
    "8 clients p95 ms",
    "÷ starter",
    "1 client p50 ms",
    "1 client p95 ms",
    "errors",
    "RSS MB",
]


def render(results: Dict[str, Dict[str, Any]]) -> str:
    starter = results.get("starter", {})
    lines = [HEADER] + [row(result, starter) for result in results.values()]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADER))]
    out = ["| " + " | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) + " |" for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def verdict(results: Dict[str, Dict[str, Any]]) -> List[str]:
    """The targets, for each cluster size: >= 3x the starter's 8-client messages/s, <= 1/3 of its p95."""
    starter = results.get("starter", {}).get("phases", {}).get("concurrent") or {}
    lines = []
    for key, result in results.items():
        if not key.startswith("cluster"):
            continue
        conc = result.get("phases", {}).get("concurrent") or {}
        rate = bench.ratio(conc.get("msg_per_s"), starter.get("msg_per_s"))
        p95 = bench.ratio(conc.get("p95_ms"), starter.get("p95_ms"))
        lines.append(
            f"{result['name']}: throughput {'–' if rate is None else f'{rate:.2f}×'} ({'PASS' if rate and rate >= 3 else 'MISS'} ≥ 3×), "
            f"p95 {'–' if p95 is None else f'{p95:.2f}×'} ({'PASS' if p95 and p95 <= 1 / 3 else 'MISS'} ≤ ⅓)"
        )
    return lines


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=bench.SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--model", type=Path, default=Path(os.environ.get("MODEL", ROOT / "models" / "payband.tar.gz")))
    parser.add_argument("--starter-dir", type=Path, help="reuse a starter project built by `rasa init`")
    parser.add_argument("--replicas", default=",".join(map(str, REPLICA_COUNTS)), help="cluster sizes, e.g. 1,2,3")
    parser.add_argument("--quick", action="store_true", help="smoke test: few messages")
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train`", file=sys.stderr)
        return 2
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, bench._on_signal)
    settings = {"one_client_messages": bench.ONE_CLIENT_MESSAGES, "messages_per_client": bench.MESSAGES_PER_CLIENT, "long_turns": 20}
    if args.quick:
        settings.update(one_client_messages=40, messages_per_client=8)
    t_start = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="payband-bench-cluster-"))
    workdir.chmod(0o755)
    run_id = uuid.uuid4().hex[:8]
    meta = {**bench.machine_info(), "date": time.strftime("%Y-%m-%d %H:%M %Z")}
    results: Dict[str, Dict[str, Any]] = {}
    model = workdir / "payband.tar.gz"
    shutil.copy2(args.model, model)
    try:
        if args.starter_dir:
            starter_dir, build_error = args.starter_dir.resolve(), None
        else:
            bench.progress("starter: rasa init --no-prompt (trains the starter bot)")
            starter_dir = workdir / "starter"
            _, _, build_error = bench.build_starter(starter_dir)
        starter = bench.Bot(
            "starter",
            "Rasa starter bot",
            bench.STARTER_PORT,
            [str(Path(sys.executable).parent / "rasa"), "run", "--port", str(bench.STARTER_PORT), "--interface", "127.0.0.1"],
            starter_dir,
            {**bench.base_env(), "RASA_CACHE_DIRECTORY": str(starter_dir / ".rasa" / "cache")},
            {"rasa": "rasa run"},
            [],
        )
        one_process = bench.Bot(
            "payband",
            "Payband, one process (make serve)",
            bench.PAYBAND_PORT,
            ["scripts/serve.sh"],
            ROOT,
            {
                **bench.base_env(),
                "PORT": str(bench.PAYBAND_PORT),
                "ACTION_PORT": str(bench.PAYBAND_ACTION_PORT),
                "TRACKER_DB": str(workdir / "serve.db"),
                "MODEL": str(model),
                "DB_URL": "",
                "REDIS_URL": "",
            },
            {"rasa": "runtime.launch run", "action": "actions.server"},
            [],
        )
        short = lambda _elapsed: 5.0  # noqa: E731 - the long conversation is make bench's business
        for key, bot in (("starter", starter), ("serve", one_process)):
            if key == "starter" and build_error:
                results[key] = {"name": starter.title, "error": build_error, "phases": {}}
                continue
            results[key] = bench.measure_bot(bot, args.seed, run_id, workdir, settings, short)
            results[key]["name"] = bot.title
            memory = results[key].get("memory") or {}
            results[key]["rss_mb"] = {part: memory[f"{part}_peak_mb"] for part in ("rasa", "action") if memory.get(f"{part}_peak_mb")}
        for replicas in [int(n) for n in args.replicas.split(",") if n.strip()]:
            results[f"cluster{replicas}"] = measure_cluster(replicas, args.seed, run_id, workdir, settings, model)
    finally:
        bench.stop_all()
    table = render(results)
    targets = verdict(results)
    meta["total_wall_s"] = round(time.monotonic() - t_start, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "cluster.json").write_text(
        json.dumps({"meta": meta, "settings": settings, "results": results}, indent=1, default=str) + "\n"
    )
    (args.out / "cluster.md").write_text(
        "\n".join(
            [
                "# make cluster through nginx vs Rasa's starter bot",
                "",
                f"`make bench-cluster` on {meta['date']}: {meta['cpus']} CPUs ({meta['cpu']}), commit {meta['git_commit']}, "
                f"load average at start {', '.join(f'{x:.2f}' for x in meta['load_average_at_start'])}; "
                f"whole run {meta['total_wall_s']:.0f} s. One setup at a time, same client code as `make bench` "
                f"(seed {args.seed}); RSS is every Payband process (Rasa replicas, action server, PostgreSQL, Redis, nginx).",
                "",
                table,
                "",
                *[f"- {line}" for line in targets],
                "",
            ]
        )
    )
    print(table)
    print("\n".join(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
