"""`make bench`: Payband against Rasa's starter bot, on this machine, with one harness.

In one run:
1. builds Rasa's starter bot with the project's own rasa (`rasa init --no-prompt` in a
   temporary folder, which trains it; cwd and RASA_CACHE_DIRECTORY point there, so its
   .rasa cache is separate from the project's);
2. for each bot in turn (Payband first, then the starter; never both at once) starts the
   server, then measures
   - cold start: wall time from spawning the server command to the first successful
     REST reply (POST /webhooks/rest/webhook, "hello");
   - 1 client, then 8 concurrent clients: 8-turn conversations with fresh sender ids
     (messages/s, p50/p95/p99 latency, errors);
   - one long conversation (one sender, up to 1,000 turns, under a time budget): the
     median latency of turns 1-10, 191-200 and 991-1,000;
   - resident memory (RSS, process plus children) of the Rasa server and the action
     server, sampled every 0.5 s; the peak is reported;
3. prints one side-by-side table with the ratios (Payband / starter) and the targets
   (PASS/MISS), writes bench/results.md and bench/results.json and draws
   bench/latency-by-turn.png.

Payband runs through scripts/serve.sh (action server + Rasa, SQLite tracker store in a fresh
temporary file, a copy of the model); the starter runs `rasa run` with its default
endpoints (in-memory tracker store, no action server: its bot needs none).

Messages come from seeded generators (random levels, places, amounts, years, employers;
the starter's own intents with random names and numbers), so a run is reproducible and no
text-keyed cache can help. Loopback only. Every wait and every request has a timeout,
every loop is bounded, request failures are counted (never raised), and the servers are
always stopped (try/finally, atexit, SIGINT/SIGTERM/SIGHUP). Progress goes to stderr.

The pure helpers (percentiles, window medians, message generators, target evaluation,
table rendering) come first and are unit-tested in tests/test_bench_harness.py.
"""

from __future__ import annotations

import argparse
import atexit
import json
import math
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------------------

PAYBAND_PORT, PAYBAND_ACTION_PORT, STARTER_PORT = 5305, 5355, 5405
SEED = 2026
CONVERSATION_TURNS = 8  # throughput phases: 8-turn conversations, fresh sender ids
WARMUP_MESSAGES = 16  # two conversations after the cold start, not measured
ONE_CLIENT_MESSAGES = 400  # 50 conversations, one after the other
CONCURRENT_CLIENTS = 8
MESSAGES_PER_CLIENT = 64  # 8 conversations per client: 512 messages in all
LONG_TURNS = 1000
WINDOWS = ((1, 10), (191, 200), (991, 1000))
REQUEST_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds, every request
FIRST_REPLY_TIMEOUT = (2.0, 60.0)
START_TIMEOUT_S = 240.0  # spawn -> first reply
BUILD_TIMEOUT_S = 480.0  # rasa init (trains the starter)
THROUGHPUT_BUDGET_S = 150.0  # per throughput phase
LONG_BUDGET_MAX_S = 300.0  # per bot; lowered to fit the run budget
RUN_BUDGET_S = 14 * 60.0  # the whole run, starter build included
STOP_TIMEOUT_S = 20.0
RSS_SAMPLE_EVERY_S = 0.5


# ---------------------------------------------------------------------------------------
# Pure helpers (unit-tested)
# ---------------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> Optional[float]:
    """The p-th percentile (0-100) by linear interpolation between closest ranks
    (numpy's default); None for no values."""
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0-100, not {p}")
    xs = sorted(values)
    k = (len(xs) - 1) * p / 100
    lo = math.floor(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summarise(latencies_ms: Sequence[float], errors: int, wall_s: float) -> Dict[str, Any]:
    """Messages/s (successful replies per wall-clock second), latency percentiles, errors."""
    ok = len(latencies_ms)
    return {
        "ok": ok,
        "errors": errors,
        "wall_s": round(wall_s, 3),
        "msg_per_s": round(ok / wall_s, 3) if wall_s > 0 and ok else None,
        "p50_ms": _round(percentile(latencies_ms, 50)),
        "p95_ms": _round(percentile(latencies_ms, 95)),
        "p99_ms": _round(percentile(latencies_ms, 99)),
    }


def window_median(per_turn_ms: Sequence[Optional[float]], first: int, last: int) -> Optional[float]:
    """Median latency of turns first..last (1-based, inclusive) of one conversation.

    per_turn_ms[i] is turn i+1's latency, None where that turn failed. None unless every
    turn of the window was reached and at least one of them succeeded."""
    if first < 1 or last < first:
        raise ValueError(f"bad window {first}-{last}")
    if len(per_turn_ms) < last:
        return None
    window = [x for x in per_turn_ms[first - 1 : last] if x is not None]
    return _round(statistics.median(window)) if window else None


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    """a / b, or None if either is missing or b is 0."""
    if a is None or b is None or b == 0:
        return None
    return a / b


def _round(x: Optional[float], digits: int = 2) -> Optional[float]:
    return None if x is None else round(x, digits)


# --- message generators ----------------------------------------------------------------


class MessageGenerator:
    """Seeded, varied messages in a bot's own domain. `conversation(rng, n)` opens with a
    greeting, then picks a template and fills it from the rng for every turn."""

    greetings: Tuple[str, ...] = ()
    templates: Tuple[Callable[[random.Random], str], ...] = ()

    def message(self, rng: random.Random) -> str:
        return rng.choice(self.templates)(rng)

    def conversation(self, rng: random.Random, turns: int) -> List[str]:
        if turns <= 0:
            return []
        return [rng.choice(self.greetings)(rng)] + [self.message(rng) for _ in range(turns - 1)]


_LEVELS = ("junior", "graduate", "entry-level", "mid-level", "mid", "senior", "staff", "principal")
_PLACES = (
    "London",
    "Leeds",
    "Manchester",
    "Bristol",
    "Edinburgh",
    "Glasgow",
    "Cardiff",
    "Belfast",
    "Birmingham",
    "Sheffield",
    "Newcastle",
    "Nottingham",
    "Cambridge",
    "Oxford",
    "Brighton",
    "Liverpool",
    "York",
    "Aberdeen",
    "Southampton",
    "Islington",
    "Croydon",
    "Camden",
    "Milton Keynes",
    "Norwich",
    "Exeter",
    "Swansea",
    "Dundee",
    "Leicester",
    "Coventry",
    "Bath",
)
_EMPLOYERS = (
    "DeepMind",
    "Google",
    "Google DeepMind",
    "Wayve",
    "Waymo",
    "Goldman Sachs",
    "JP Morgan",
    "Barclays",
    "HSBC",
    "Morgan Stanley",
    "AWS",
    "Amazon",
    "Microsoft",
    "Azure",
    "GCP",
    "AstraZeneca",
    "GSK",
    "an AI startup",
    "investment banks",
    "pharma companies",
)
_THANKS = ("thanks", "cheers", "thank you", "ta", "great, thanks", "brilliant, thank you")
_THANKS_END = ("", "!", ", that helps", ", very useful", " a lot", ", that's what I needed")
_TIPS = (
    "negotiation tips",
    "any negotiation tips?",
    "how do I negotiate a better offer?",
    "tips for negotiating salary",
    "how should I negotiate?",
    "any tips for a remote role?",
    "how do I use a competing offer?",
    "does GPU experience help me negotiate?",
)


def _amount(rng: random.Random) -> str:
    k = rng.randrange(35, 181)
    return rng.choice((f"{k}k", f"£{k}k", f"£{k},000", f"{k},000", f"£{k},500"))


def _years(rng: random.Random) -> str:
    y = rng.randint(0, 15)
    return rng.choice((f"{y} years", f"{y} yrs", f"{y} years'"))


def _level(rng: random.Random) -> str:
    return rng.choice(_LEVELS)


def _a_level(rng: random.Random) -> str:
    level = _level(rng)
    return f"an {level}" if level[0] in "aeiou" else f"a {level}"


def _place(rng: random.Random) -> str:
    return rng.choice(_PLACES)


class PaybandMessages(MessageGenerator):
    greetings = (lambda r: r.choice(("hello", "hi", "hey there", "good morning", "hiya", "hello payband")),)
    templates = (
        lambda r: f"what does {_a_level(r)} earn in {_place(r)}?",
        lambda r: f"{_level(r)} salary in {_place(r)}",
        lambda r: f"is {_amount(r)} fair for {_a_level(r)} in {_place(r)}?",
        lambda r: f"I have {_years(r)} experience in {_place(r)}",
        lambda r: f"they offered me {_amount(r)}",
        lambda r: f"I'm on {_amount(r)} as a DevOps engineer",
        lambda r: r.choice(("what does {e} pay", "how much do {e} pay?", "what do {e} pay {l}?", "{e} salaries?")).format(
            e=r.choice(_EMPLOYERS), l=_a_level(r)
        ),
        lambda r: r.choice(_TIPS) if r.random() < 0.5 else f"any negotiation tips for {_a_level(r)} role in {_place(r)}?",
        lambda r: r.choice(
            (
                "compare london and rest of uk for {l}",
                "london vs rest of uk for {l}",
                "how does london compare with the rest of the uk for {l}s?",
                "{l}: London or outside London?",
            )
        ).format(l=_level(r)),
        lambda r: f"{_place(r)} vs {_place(r)} for {_a_level(r)}",
        lambda r: r.choice(("and in {p}?", "what about {p}?", "same for {p}?", "and {p}?")).format(p=_place(r)),
        lambda r: f"what about {_a_level(r)} with {_years(r)}?",
        lambda r: r.choice(_THANKS) + r.choice(_THANKS_END),
    )


_NAMES = (
    "Sam",
    "Alex",
    "Priya",
    "Tom",
    "Aisha",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Kemi",
    "Leo",
    "Maya",
    "Noah",
    "Olu",
    "Pia",
    "Raj",
    "Sofia",
    "Theo",
    "Uma",
    "Vik",
    "Wren",
    "Yusuf",
    "Zara",
)


def _tag(rng: random.Random) -> str:
    """A random name or number, so that starter messages vary like Payband's."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(_NAMES)
    return str(rng.randint(1, 9999)) if roll < 0.7 else f"{rng.choice(_NAMES)} {rng.randint(1, 99)}"


class StarterMessages(MessageGenerator):
    """The starter bot's domain (data/nlu.yml of `rasa init`): greet, mood_great,
    mood_unhappy, goodbye, bot_challenge."""

    greetings = (lambda r: f"{r.choice(('hello', 'hey', 'hi there', 'good morning', 'hey dude'))} {_tag(r)}",)
    templates = (
        lambda r: f"{r.choice(('hello', 'hey', 'hi there', 'good morning', 'good evening', 'hey dude'))} {_tag(r)}",
        lambda r: f"{r.choice(('I am great', 'I am feeling very good', 'amazing', 'super stoked', 'feeling like a king'))} {_tag(r)}",
        lambda r: f"{r.choice(('I am sad', 'my day was horrible', 'I do not feel very well', 'very sad', 'I am disappointed'))} {_tag(r)}",
        lambda r: f"{r.choice(('bye', 'goodbye', 'see you later', 'have a nice day', 'see you around'))} {_tag(r)}",
        lambda r: f"{r.choice(('are you a bot', 'are you a human', 'am I talking to a bot', 'am I talking to a human'))} {_tag(r)}?",
    )


GENERATORS: Dict[str, MessageGenerator] = {"payband": PaybandMessages(), "starter": StarterMessages()}


def rng_for(seed: int, *parts: Any) -> random.Random:
    """A deterministic RNG per (seed, phase, client): str seeds hash with SHA-512, not PYTHONHASHSEED."""
    return random.Random(":".join(str(p) for p in (seed, *parts)))


# --- metrics, targets and the table ----------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # metric key in a bot's flat metrics dict
    label: str
    unit: str  # "s", "ms", "msg/s", "MB", "" (count), "x" (ratio)


ROWS: Tuple[Row, ...] = (
    Row("cold_start_s", "cold start to first reply (s)", "s"),
    Row("one.msg_per_s", "1 client: messages/s", "msg/s"),
    Row("one.p50_ms", "1 client: p50 (ms)", "ms"),
    Row("one.p95_ms", "1 client: p95 (ms)", "ms"),
    Row("one.p99_ms", "1 client: p99 (ms)", "ms"),
    Row("one.errors", "1 client: errors", ""),
    Row("conc.msg_per_s", "8 concurrent: messages/s", "msg/s"),
    Row("conc.p50_ms", "8 concurrent: p50 (ms)", "ms"),
    Row("conc.p95_ms", "8 concurrent: p95 (ms)", "ms"),
    Row("conc.p99_ms", "8 concurrent: p99 (ms)", "ms"),
    Row("conc.errors", "8 concurrent: errors", ""),
    Row("turns_1_10_ms", "turns 1–10, median (ms)", "ms"),
    Row("turns_191_200_ms", "turns 191–200, median (ms)", "ms"),
    Row("turns_991_1000_ms", "turns 991–1,000, median (ms)", "ms"),
    Row("growth_200", "turns 191–200 ÷ turns 1–10", "x"),
    Row("growth_1000", "turns 991–1,000 ÷ turns 1–10", "x"),
    Row("long.turns_reached", "long conversation: turns reached", ""),
    Row("long.errors", "long conversation: errors", ""),
    Row("rasa_rss_mb", "Rasa server RSS, peak (MB)", "MB"),
    Row("action_rss_mb", "action server RSS, peak (MB)", "MB"),
)


def derived_metrics(metrics: Dict[str, Any]) -> Dict[str, Any]:
    """Adds the growth ratios (later window / first window) to a bot's flat metrics."""
    out = dict(metrics)
    out["growth_200"] = _round(ratio(metrics.get("turns_191_200_ms"), metrics.get("turns_1_10_ms")))
    out["growth_1000"] = _round(ratio(metrics.get("turns_991_1000_ms"), metrics.get("turns_1_10_ms")))
    return out


def _check(value: Optional[float], ok: Callable[[float], bool]) -> str:
    return "MISS" if value is None else ("PASS" if ok(value) else "MISS")


def evaluate_targets(payband: Dict[str, Any], starter: Dict[str, Any]) -> Dict[str, Tuple[str, str]]:
    """Row key -> (target, "PASS" | "MISS" | "n/a"). Targets are Payband's; a Payband value
    that is missing (not measured, not reached) is a MISS; a ratio target whose starter
    value is missing is n/a."""
    p, s = derived_metrics(payband), derived_metrics(starter)
    out: Dict[str, Tuple[str, str]] = {}

    def vs_starter(key: str, text: str, ok: Callable[[float], bool]) -> None:
        if s.get(key) in (None, 0):
            out[key] = (text, "n/a" if p.get(key) is not None else "MISS")
        else:
            out[key] = (text, _check(ratio(p.get(key), s.get(key)), ok))

    vs_starter("conc.msg_per_s", "≥ 3× starter", lambda r: r >= 3.0)
    vs_starter("conc.p95_ms", "≤ ⅓ of starter", lambda r: r <= 1 / 3)
    out["conc.errors"] = ("0", _check(p.get("conc.errors"), lambda v: v == 0))
    out["one.p50_ms"] = ("≤ 15 ms", _check(p.get("one.p50_ms"), lambda v: v <= 15))
    out["one.p95_ms"] = ("≤ 30 ms", _check(p.get("one.p95_ms"), lambda v: v <= 30))
    out["growth_200"] = ("≤ 1.2", _check(p.get("growth_200"), lambda v: v <= 1.2))
    out["growth_1000"] = ("≤ 1.5", _check(p.get("growth_1000"), lambda v: v <= 1.5))
    out["cold_start_s"] = ("≤ 12 s", _check(p.get("cold_start_s"), lambda v: v <= 12))
    out["rasa_rss_mb"] = ("≤ 700 MB", _check(p.get("rasa_rss_mb"), lambda v: v <= 700))
    return out


NOT_REACHED = "not reached (budget)"


def format_value(row: Row, value: Any, notes: Optional[Dict[str, str]] = None) -> str:
    """A table cell: a number in the row's unit, or the note saying why it is missing."""
    if value is None:
        return (notes or {}).get(row.key, "–")
    if isinstance(value, str):
        return value
    if row.unit == "":
        return f"{int(value):,}"
    if row.unit == "x":
        return f"{value:.2f}×"
    if row.unit in ("s", "msg/s"):
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def missing_notes(metrics: Dict[str, Any]) -> Dict[str, str]:
    """Why a long-conversation cell is empty: the window was not reached within the time
    budget (or, in a --quick run, the conversation was planned shorter)."""
    notes: Dict[str, str] = {}
    reached = metrics.get("long.turns_reached")
    if reached is None:
        return notes
    why = NOT_REACHED if metrics.get("long.stopped_by_budget", True) else f"not reached ({reached} turns planned)"
    for (_first, last), key, growth in zip(
        WINDOWS, ("turns_1_10_ms", "turns_191_200_ms", "turns_991_1000_ms"), (None, "growth_200", "growth_1000"), strict=True
    ):
        if reached < last:
            notes[key] = why
            if growth:
                notes[growth] = why
    return notes


def render_table(payband: Dict[str, Any], starter: Dict[str, Any], notes: Optional[Dict[str, Dict[str, str]]] = None) -> str:
    """The side-by-side Markdown table, padded so it also reads as plain text."""
    notes = notes or {}
    p, s = derived_metrics(payband), derived_metrics(starter)
    p_notes = {**missing_notes(p), **notes.get("payband", {})}
    s_notes = {**missing_notes(s), **notes.get("starter", {})}
    targets = evaluate_targets(payband, starter)
    header = ("metric", "Payband", "starter", "Payband ÷ starter", "target (Payband)", "result")
    lines = [header]
    for row in ROWS:
        r = ratio(p.get(row.key), s.get(row.key)) if row.unit != "" or row.key.endswith("turns_reached") else None
        target, status = targets.get(row.key, ("", ""))
        lines.append(
            (
                row.label,
                format_value(row, p.get(row.key), p_notes),
                format_value(row, s.get(row.key), s_notes),
                "–" if r is None else f"{r:.2f}×",
                target,
                status,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |")
        if n == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def flat_metrics(bot: Dict[str, Any]) -> Dict[str, Any]:
    """A bot's results (as in results.json) -> the flat metrics dict the table reads."""
    phases = bot.get("phases", {})
    one, conc, long_ = phases.get("one_client") or {}, phases.get("concurrent") or {}, phases.get("long_conversation") or {}
    windows = long_.get("window_medians_ms") or {}
    return {
        "cold_start_s": bot.get("cold_start_s"),
        **{f"one.{k}": one.get(k) for k in ("msg_per_s", "p50_ms", "p95_ms", "p99_ms", "errors")},
        **{f"conc.{k}": conc.get(k) for k in ("msg_per_s", "p50_ms", "p95_ms", "p99_ms", "errors")},
        "turns_1_10_ms": windows.get("1-10"),
        "turns_191_200_ms": windows.get("191-200"),
        "turns_991_1000_ms": windows.get("991-1000"),
        "long.turns_reached": long_.get("turns_reached"),
        "long.errors": long_.get("errors"),
        "long.stopped_by_budget": long_.get("stopped_by_budget"),
        "rasa_rss_mb": (bot.get("memory") or {}).get("rasa_peak_mb"),
        "action_rss_mb": (bot.get("memory") or {}).get("action_peak_mb"),
    }


# ---------------------------------------------------------------------------------------
# Processes: spawn in their own process group, always stopped
# ---------------------------------------------------------------------------------------

_STARTED: Dict[int, subprocess.Popen] = {}
_STARTED_LOCK = threading.Lock()


_T0 = time.monotonic()


def progress(message: str) -> None:
    """One progress line on stderr, flushed at once."""
    print(f"[bench {time.monotonic() - _T0:6.1f}s] {message}", file=sys.stderr, flush=True)


def spawn(args: Sequence[str], cwd: Path, env: Dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as out, _STARTED_LOCK:
        proc = subprocess.Popen(
            list(args), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
        _STARTED[proc.pid] = proc
    return proc


def _group_members(pgid: int) -> List[int]:
    return [pid for pid, (_, group, _) in _process_table().items() if group == pgid]


def stop(proc: subprocess.Popen, timeout: float = STOP_TIMEOUT_S) -> None:
    """SIGTERM to the process group, SIGKILL what is left after the timeout; waits until
    no process of the group remains (bounded)."""
    pgid = proc.pid  # start_new_session: the leader's pid is the group id
    for sig, wait_s in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            try:
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
            if proc.poll() is not None and not _group_members(pgid):
                break
        if proc.poll() is not None and not _group_members(pgid):
            break
    with _STARTED_LOCK:
        _STARTED.pop(proc.pid, None)


def stop_all() -> None:
    with _STARTED_LOCK:
        procs = list(_STARTED.values())
    for proc in procs:
        stop(proc, timeout=10.0)


def _on_signal(signum: int, _frame: Any) -> None:
    stop_all()
    raise SystemExit(128 + signum)


def _process_table() -> Dict[int, Tuple[int, int, str]]:
    """pid -> (parent pid, process group, command line), from /proc."""
    table: Dict[int, Tuple[int, int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            table[int(entry)] = (int(fields[1]), int(fields[2]), cmdline)
        except (OSError, ValueError, IndexError):
            continue
    return table


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(pid: int, table: Dict[int, Tuple[int, int, str]]) -> List[int]:
    children: Dict[int, List[int]] = {}
    for child, (parent, _, _) in table.items():
        children.setdefault(parent, []).append(child)
    out, todo = [], [pid]
    while todo and len(out) < 10_000:
        current = todo.pop()
        out.append(current)
        todo.extend(children.get(current, []))
    return out


def role_rss_mb(root: int, marker: str) -> Optional[float]:
    """RSS (MB) of the topmost process under root (root included) whose command line holds
    marker, plus all its children; None if there is no such process."""
    table = _process_table()
    tree = _descendants(root, table)
    for pid in tree:  # parents come before their children
        if pid in table and marker in table[pid][2]:
            return sum(_rss_kb(p) for p in _descendants(pid, table)) / 1024
    return None


class MemorySampler:
    """Samples the Rasa server's and the action server's RSS every RSS_SAMPLE_EVERY_S."""

    def __init__(self, root_pid: int, roles: Dict[str, str]) -> None:
        self.root_pid, self.roles = root_pid, roles
        self.peak: Dict[str, float] = {}
        self.last: Dict[str, float] = {}
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> Dict[str, float]:
        now = {}
        for role, marker in self.roles.items():
            mb = role_rss_mb(self.root_pid, marker)
            if mb is not None:
                now[role] = mb
                self.peak[role] = max(self.peak.get(role, 0.0), mb)
        self.last = now
        self.samples += 1
        return now

    def _run(self) -> None:
        while not self._stop.wait(RSS_SAMPLE_EVERY_S):
            self.sample()

    def start(self) -> "MemorySampler":
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


# ---------------------------------------------------------------------------------------
# The client side of the harness (shared by both bots)
# ---------------------------------------------------------------------------------------


def post(
    session: Any, url: str, sender: str, text: str, timeout: Tuple[float, float] = REQUEST_TIMEOUT
) -> Tuple[Optional[float], Optional[str], int]:
    """One REST turn -> (latency ms or None, error kind or None, number of replies). Never raises."""
    import requests

    t0 = time.perf_counter()
    try:
        response = session.post(url, json={"sender": sender, "message": text}, timeout=timeout)
        elapsed = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            return None, f"HTTP {response.status_code}", 0
        body = response.json()
        if not isinstance(body, list):
            return None, "reply is not a JSON list", 0
        return elapsed, None, len(body)
    except requests.Timeout:
        return None, "timeout", 0
    except requests.ConnectionError:
        return None, "connection error", 0
    except ValueError:
        return None, "reply is not JSON", 0
    except Exception as error:  # noqa: BLE001 - counted, never raised
        return None, type(error).__name__, 0


class Tally:
    """Latencies and error kinds of one phase (thread-safe)."""

    def __init__(self) -> None:
        self.latencies: List[float] = []
        self.errors: Dict[str, int] = {}
        self.empty = 0
        self._lock = threading.Lock()

    def add(self, latency: Optional[float], error: Optional[str], replies: int) -> None:
        with self._lock:
            if error is not None:
                self.errors[error] = self.errors.get(error, 0) + 1
            else:
                self.latencies.append(latency)
                self.empty += replies == 0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def run_clients(
    url: str, generator: MessageGenerator, seed: int, phase: str, run_id: str, clients: int, messages_per_client: int, budget_s: float
) -> Dict[str, Any]:
    """`clients` threads, each with its own requests.Session, each sending
    messages_per_client messages as CONVERSATION_TURNS-turn conversations (a fresh sender
    per conversation), all starting together. Stops early when the budget runs out."""
    import requests

    tally = Tally()
    plans = []
    for c in range(clients):
        rng = rng_for(seed, phase, c)
        messages: List[Tuple[str, str]] = []
        for conv in range(math.ceil(messages_per_client / CONVERSATION_TURNS)):
            sender = f"bench-{run_id}-{phase}-{c}-{conv}"
            messages += [(sender, text) for text in generator.conversation(rng, CONVERSATION_TURNS)]
        plans.append(messages[:messages_per_client])
    start_gate = threading.Barrier(clients + 1, timeout=30)
    deadline: List[float] = []
    finished: List[float] = []
    sent = [0] * clients

    def client(n: int) -> None:
        with requests.Session() as session:
            try:
                start_gate.wait()
            except threading.BrokenBarrierError:
                return
            for sender, text in plans[n]:
                if time.monotonic() >= deadline[0]:
                    break
                tally.add(*post(session, url, sender, text))
                sent[n] += 1
        finished.append(time.perf_counter())

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    deadline.append(time.monotonic() + budget_s)
    t0 = time.perf_counter()
    try:
        start_gate.wait()
    except threading.BrokenBarrierError:
        pass
    for thread in threads:
        thread.join(timeout=max(1.0, deadline[0] - time.monotonic() + REQUEST_TIMEOUT[1] + 10))
    wall = (max(finished) if finished else time.perf_counter()) - t0
    result = summarise(tally.latencies, tally.error_count, wall)
    planned = clients * messages_per_client
    result.update(
        clients=clients,
        planned=planned,
        sent=sum(sent),
        error_kinds=tally.errors,
        empty_replies=tally.empty,
        stopped_by_budget=sum(sent) < planned,
    )
    return result


def run_long_conversation(url: str, generator: MessageGenerator, seed: int, run_id: str, turns: int, budget_s: float) -> Dict[str, Any]:
    """One sender, up to `turns` turns, one after the other, until the budget runs out."""
    import requests

    rng = rng_for(seed, "long")
    messages = generator.conversation(rng, turns)
    sender = f"bench-{run_id}-long"
    per_turn: List[Optional[float]] = []
    errors: Dict[str, int] = {}
    deadline = time.monotonic() + budget_s
    t0 = time.perf_counter()
    with requests.Session() as session:
        for n, text in enumerate(messages, start=1):
            if time.monotonic() >= deadline:
                break
            latency, error, _ = post(session, url, sender, text)
            per_turn.append(latency)
            if error:
                errors[error] = errors.get(error, 0) + 1
            if n % 100 == 0:
                progress(f"  long conversation: turn {n}, last latency {latency or float('nan'):.0f} ms")
    return {
        "planned": turns,
        "turns_reached": len(per_turn),
        "budget_s": round(budget_s, 1),
        "wall_s": round(time.perf_counter() - t0, 2),
        "stopped_by_budget": len(per_turn) < turns,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "window_medians_ms": {f"{a}-{b}": window_median(per_turn, a, b) for a, b in WINDOWS},
        "per_turn_ms": [None if x is None else round(x, 2) for x in per_turn],
    }


def wait_first_reply(url: str, proc: subprocess.Popen, spawned_at: float, timeout_s: float) -> Tuple[Optional[float], Optional[str]]:
    """Seconds from spawned_at (perf_counter) to the first 200 reply with a non-empty list,
    or (None, why not)."""
    import requests

    deadline = time.monotonic() + timeout_s
    with requests.Session() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return None, f"server exited with code {proc.returncode}"
            latency, error, replies = post(session, url, "bench-cold-start", "hello", FIRST_REPLY_TIMEOUT)
            if error is None and replies:
                return time.perf_counter() - spawned_at, None
            time.sleep(0.1)
    return None, f"no reply within {timeout_s:.0f} s"


def port_busy(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1.0)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# ---------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------


@dataclass
class Bot:
    name: str  # "payband" | "starter"
    title: str
    port: int
    command: List[str]
    cwd: Path
    env: Dict[str, str]
    roles: Dict[str, str]  # role -> command-line marker, for RSS
    notes: List[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"


def base_env() -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("RASA_API_TOKEN", "RASA_JWT_SECRET", "DB_URL")}
    env.update(
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        PYTHONWARNINGS="ignore",
        PATH=f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    )
    return env


def build_starter(workdir: Path) -> Tuple[Optional[Path], float, Optional[str]]:
    """`rasa init --no-prompt` in workdir (which trains the starter) -> (model, seconds, error)."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**base_env(), "RASA_CACHE_DIRECTORY": str(workdir / ".rasa" / "cache")}
    rasa = str(Path(sys.executable).parent / "rasa")
    t0 = time.perf_counter()
    proc = spawn([rasa, "init", "--no-prompt", "--init-dir", str(workdir)], workdir, env, workdir.parent / "starter-init.log")
    try:
        proc.wait(timeout=BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, time.perf_counter() - t0, f"rasa init did not finish within {BUILD_TIMEOUT_S:.0f} s"
    finally:
        stop(proc, timeout=5)
    models = sorted((workdir / "models").glob("*.tar.gz"))
    if proc.returncode != 0 or not models:
        return None, time.perf_counter() - t0, f"rasa init failed (exit {proc.returncode}); see starter-init.log"
    return models[-1], time.perf_counter() - t0, None


def measure_bot(
    bot: Bot, seed: int, run_id: str, workdir: Path, settings: Dict[str, Any], long_budget: Callable[[float], float]
) -> Dict[str, Any]:
    """Start the bot, run every phase, stop it. Failures are recorded, not raised."""
    result: Dict[str, Any] = {"name": bot.title, "notes": list(bot.notes), "phases": {}}
    generator = GENERATORS[bot.name]
    if port_busy(bot.port) or (bot.name == "payband" and port_busy(PAYBAND_ACTION_PORT)):
        result["error"] = f"port {bot.port} (or its action port) is already in use: not measured"
        progress(f"{bot.name}: {result['error']}")
        return result
    log = workdir / f"{bot.name}-server.log"
    progress(f"{bot.name}: cold start ({' '.join(bot.command)})")
    phase_t0 = time.monotonic()
    spawned_at = time.perf_counter()
    proc = spawn(bot.command, bot.cwd, bot.env, log)
    sampler = MemorySampler(proc.pid, bot.roles).start()
    try:
        cold, why = wait_first_reply(bot.url, proc, spawned_at, START_TIMEOUT_S)
        result["cold_start_s"] = _round(cold)
        if cold is None:
            result["error"] = f"did not start: {why}"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            progress(f"{bot.name}: {result['error']}\n{tail}")
            return result
        result["memory_at_ready_mb"] = {k: round(v, 1) for k, v in sampler.sample().items()}
        progress(f"{bot.name}: first reply after {cold:.1f} s; warm-up ({WARMUP_MESSAGES} messages, not measured)")
        run_clients(bot.url, generator, seed, "warmup", run_id, 1, WARMUP_MESSAGES, 60)

        progress(f"{bot.name}: 1 client, {settings['one_client_messages']} messages")
        one = run_clients(bot.url, generator, seed, "one", run_id, 1, settings["one_client_messages"], THROUGHPUT_BUDGET_S)
        result["phases"]["one_client"] = one
        progress(f"{bot.name}:   {one['msg_per_s']} msg/s, p50 {one['p50_ms']} ms, p95 {one['p95_ms']} ms, {one['errors']} errors")

        progress(f"{bot.name}: {CONCURRENT_CLIENTS} concurrent clients x {settings['messages_per_client']} messages")
        conc = run_clients(
            bot.url, generator, seed, "conc", run_id, CONCURRENT_CLIENTS, settings["messages_per_client"], THROUGHPUT_BUDGET_S
        )
        result["phases"]["concurrent"] = conc
        progress(f"{bot.name}:   {conc['msg_per_s']} msg/s, p50 {conc['p50_ms']} ms, p95 {conc['p95_ms']} ms, {conc['errors']} errors")

        budget = long_budget(time.monotonic() - phase_t0)
        progress(f"{bot.name}: long conversation, up to {settings['long_turns']} turns, budget {budget:.0f} s")
        long_ = run_long_conversation(bot.url, generator, seed, run_id, settings["long_turns"], budget)
        result["phases"]["long_conversation"] = long_
        progress(
            f"{bot.name}:   reached turn {long_['turns_reached']} in {long_['wall_s']:.0f} s; window medians {long_['window_medians_ms']}"
        )
        sampler.sample()
    finally:
        sampler.close()
        result["memory"] = {
            "rasa_peak_mb": _round(sampler.peak.get("rasa"), 1),
            "action_peak_mb": _round(sampler.peak.get("action"), 1),
            "samples": sampler.samples,
            "sample_every_s": RSS_SAMPLE_EVERY_S,
        }
        progress(f"{bot.name}: stopping (peak RSS {result['memory']})")
        stop(proc)
        result["stopped_cleanly"] = not _group_members(proc.pid)
    return result


def plot(results: Dict[str, Dict[str, Any]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

    fig, ax = plt.subplots(figsize=(10, 5.5), dpi=110)
    colours = {"payband": "tab:blue", "starter": "tab:orange"}
    planned = LONG_TURNS
    for name, bot in results.items():
        long_ = (bot.get("phases") or {}).get("long_conversation") or {}
        per_turn = long_.get("per_turn_ms") or []
        planned = long_.get("planned", planned)
        points = [(n, x) for n, x in enumerate(per_turn, start=1) if x is not None]
        if not points:
            continue
        turns, lat = zip(*points, strict=True)
        ax.plot(turns, lat, lw=0.5, alpha=0.35, color=colours[name])
        smooth = [statistics.median(lat[max(0, i - 12) : i + 13]) for i in range(len(lat))]
        label = f"{bot['name']}: each turn, and the median of 25"
        if long_.get("stopped_by_budget"):
            label += f"; time budget ran out at turn {len(per_turn)}"
        ax.plot(turns, smooth, lw=2, color=colours[name], label=label)
    for first, last in WINDOWS:
        if first <= planned:
            ax.axvspan(first, last, color="grey", alpha=0.15)
    ax.set_xlim(0, planned + 5)
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(FixedLocator([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000]))
    ax.yaxis.set_major_formatter(ScalarFormatter())
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("turn of one conversation")
    ax.set_ylabel("reply latency (ms, log scale)")
    ax.set_title("Reply latency by turn: Payband vs Rasa starter bot (shaded: turns 1-10, 191-200, 991-1,000)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def machine_info() -> Dict[str, Any]:
    cpu = ""
    try:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), ""
        )
    except OSError:
        pass
    try:
        from importlib.metadata import version

        rasa_version = version("rasa")
    except Exception:  # noqa: BLE001
        rasa_version = "?"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    dirty = bool(
        subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "rasa": rasa_version,
        "git_commit": commit + (" (working tree modified)" if dirty else ""),
        "load_average_at_start": os.getloadavg(),
    }


def _build_note(seconds: Optional[float]) -> str:
    return "reused from an earlier build" if seconds is None else f"build and training took {seconds:.0f} s"


def write_markdown(path: Path, table: str, report: Dict[str, Any]) -> None:
    meta, s = report["meta"], report["settings"]
    bots = report["bots"]
    lines = [
        "# Payband vs Rasa's starter bot",
        "",
        f"`make bench` on {meta['date']}: {meta['cpus']} CPUs ({meta['cpu']}), Python {meta['python']}, rasa {meta['rasa']}, "
        f"commit {meta['git_commit']}; load average at start {', '.join(f'{x:.2f}' for x in meta['load_average_at_start'])}. "
        f"Whole run (starter build included): {meta['total_wall_s']:.0f} s.",
        "",
        table,
        "",
        "Targets are Payband's; ratios are Payband ÷ starter. `not reached (budget)`: the long conversation ran out of its "
        "time budget before that window.",
        "",
        "## How it was measured",
        "",
        "- Starter bot: `rasa init --no-prompt` in a temporary folder (trained there, own `.rasa` cache; "
        f"{_build_note(bots.get('starter', {}).get('build_s'))}), served with `rasa run --port {STARTER_PORT}` and its default "
        "endpoints: **in-memory tracker store**, no action server (its bot has no custom actions).",
        f"- Payband: `scripts/serve.sh` (action server + Rasa on port {PAYBAND_PORT}, actions on {PAYBAND_ACTION_PORT}), "
        "**SQLite tracker store** in a fresh temporary file, a copy of `models/payband.tar.gz`.",
        "- One bot at a time, same client code. Cold start: spawning the server command → first 200 reply to "
        f'"hello". Then {WARMUP_MESSAGES} warm-up messages (not measured).',
        f"- 1 client: {s['one_client_messages']} messages; {CONCURRENT_CLIENTS} concurrent: {CONCURRENT_CLIENTS} threads x "
        f"{s['messages_per_client']} messages; both as {CONVERSATION_TURNS}-turn conversations with fresh sender ids, "
        "one `requests.Session` per thread. messages/s = successful replies / phase wall time; percentiles by linear "
        "interpolation; errors = timeouts, refused connections, non-200 or non-JSON replies.",
        f"- Long conversation: one sender, up to {s['long_turns']} turns, time budget "
        f"{s.get('long_budget_s') or 0:.0f} s per bot; the median of each 10-turn window.",
        f"- RSS: process + children from /proc, sampled every {RSS_SAMPLE_EVERY_S} s while the bot ran; the peak.",
        f"- Messages: seeded generators (seed {s['seed']}): random levels, places, amounts, years and employers for "
        "Payband; the starter's greet / mood_great / mood_unhappy / goodbye / bot_challenge phrasings with a random "
        "name or number. Request timeout 30 s; everything on 127.0.0.1.",
        "",
        "![latency by turn](latency-by-turn.png)",
        "",
    ]
    extra = [f"- {bot['name']}: {note}" for bot in bots.values() for note in ([bot["error"]] if bot.get("error") else [])]
    if extra:
        lines += ["## Problems in this run", "", *extra, ""]
    path.write_text("\n".join(lines))


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="where results.md/.json and the PNG go")
    parser.add_argument("--model", type=Path, default=Path(os.environ.get("MODEL", ROOT / "models" / "payband.tar.gz")))
    parser.add_argument("--starter-dir", type=Path, help="reuse a starter project built by `rasa init` (skips the build)")
    parser.add_argument("--quick", action="store_true", help="smoke test: few messages, 30-turn conversation")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, starter bot)")
    args = parser.parse_args(argv)

    t_start = time.monotonic()
    progress("start")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)

    settings = {
        "seed": args.seed,
        "one_client_messages": ONE_CLIENT_MESSAGES,
        "messages_per_client": MESSAGES_PER_CLIENT,
        "long_turns": LONG_TURNS,
        "concurrent_clients": CONCURRENT_CLIENTS,
        "conversation_turns": CONVERSATION_TURNS,
        "warmup_messages": WARMUP_MESSAGES,
        "run_budget_s": RUN_BUDGET_S,
        "quick": args.quick,
    }
    if args.quick:
        settings.update(one_client_messages=40, messages_per_client=8, long_turns=30)
    if not args.model.exists():
        print(f"no model at {args.model}: run `make train`", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="payband-bench-"))
    if not args.keep:
        atexit.register(shutil.rmtree, workdir, True)
    atexit.register(stop_all)  # atexit runs last-registered first: servers stop before the folder goes
    run_id = uuid.uuid4().hex[:8]
    meta = {**machine_info(), "date": time.strftime("%Y-%m-%d %H:%M %Z"), "workdir": str(workdir) if args.keep else None}
    report: Dict[str, Any] = {"meta": meta, "settings": settings, "bots": {}}
    try:
        # 1. the starter bot
        if args.starter_dir:
            starter_dir, build_s, build_error = args.starter_dir.resolve(), None, None
            progress(f"starter: reusing {starter_dir}")
        else:
            progress("starter: rasa init --no-prompt (trains the starter bot)")
            starter_dir = workdir / "starter"
            _, build_s, build_error = build_starter(starter_dir)
            progress(f"starter: built in {build_s:.0f} s" if not build_error else f"starter: {build_error}")

        model_copy = workdir / "payband.tar.gz"
        shutil.copy2(args.model, model_copy)
        payband = Bot(
            "payband",
            "Payband",
            PAYBAND_PORT,
            ["scripts/serve.sh"],
            ROOT,
            {
                **base_env(),
                "PORT": str(PAYBAND_PORT),
                "ACTION_PORT": str(PAYBAND_ACTION_PORT),
                "TRACKER_DB": str(workdir / "payband-conversations.db"),
                "MODEL": str(model_copy),
                "ACTION_LOG": str(workdir / "payband-actions.log"),
                "DB_URL": "",
            },
            {"rasa": "runtime.launch run", "action": "actions.server"},
            ["scripts/serve.sh: action server + Rasa, SQLite tracker store (fresh file)"],
        )
        starter = Bot(
            "starter",
            "Rasa starter bot",
            STARTER_PORT,
            [str(Path(sys.executable).parent / "rasa"), "run", "--port", str(STARTER_PORT), "--interface", "127.0.0.1"],
            starter_dir,
            {**base_env(), "RASA_CACHE_DIRECTORY": str(starter_dir / ".rasa" / "cache")},
            {"rasa": "rasa run"},
            ["rasa run with the default endpoints of `rasa init`: in-memory tracker store, no action server"],
        )

        # 2. each bot in turn. The long conversations share what is left of the run budget:
        # the same budget for both, set before Payband's, keeping room for the starter's other phases.
        shared: Dict[str, float] = {}

        def long_budget(other_phases_s: float) -> float:
            left = RUN_BUDGET_S - (time.monotonic() - t_start) - 30  # 30 s: stopping, table, plot
            if "budget" not in shared:
                shared["budget"] = max(20.0, min(LONG_BUDGET_MAX_S, (left - (1.3 * other_phases_s + 20)) / 2))
            return max(10.0, min(shared["budget"], left))

        for bot in (payband, starter):
            if bot is starter and build_error:
                report["bots"]["starter"] = {"name": starter.title, "error": build_error, "phases": {}}
                continue
            try:
                report["bots"][bot.name] = measure_bot(bot, args.seed, run_id, workdir, settings, long_budget)
            except Exception as error:  # noqa: BLE001 - one bot's failure must not lose the other's numbers
                progress(f"{bot.name}: harness error {error!r}")
                report["bots"][bot.name] = {"name": bot.title, "error": f"harness error: {error!r}", "phases": {}}
        report["bots"].setdefault("starter", {"name": starter.title, "phases": {}})["build_s"] = _round(build_s, 1)
        settings["long_budget_s"] = _round(shared.get("budget"), 1)
    finally:
        stop_all()

    # 3. table, files, plot
    metrics = {name: flat_metrics(bot) for name, bot in report["bots"].items()}
    payband_m, starter_m = metrics.get("payband", {}), metrics.get("starter", {})
    notes = {"starter": {"action_rss_mb": "not run"}}
    table = render_table(payband_m, starter_m, notes)
    meta["total_wall_s"] = round(time.monotonic() - t_start, 1)
    report["table"] = {
        "metrics": {name: derived_metrics(m) for name, m in metrics.items()},
        "ratios_payband_over_starter": {
            row.key: _round(ratio(derived_metrics(payband_m).get(row.key), derived_metrics(starter_m).get(row.key)), 3) for row in ROWS
        },
        "targets": {k: {"target": t, "result": r} for k, (t, r) in evaluate_targets(payband_m, starter_m).items()},
    }
    args.out.mkdir(parents=True, exist_ok=True)
    progress("plot and results files")
    try:
        plot(report["bots"], args.out / "latency-by-turn.png")
    except Exception as error:  # noqa: BLE001 - a missing plot must not lose the numbers
        progress(f"plot failed: {error!r}")
    (args.out / "results.json").write_text(json.dumps(report, indent=1, default=str) + "\n")
    write_markdown(args.out / "results.md", table, report)
    print(table)
    print(f"\nwhole run: {meta['total_wall_s']:.0f} s; results in {args.out}/results.md, results.json, latency-by-turn.png")
    progress("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
