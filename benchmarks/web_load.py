"""Load test of `newstrace serve`: concurrent analyze and search requests over loopback.

Usage: python benchmarks/web_load.py [--seconds 60] [--clients 10] [--articles 200]
Fills a temporary store with self-written articles, starts `newstrace serve` on a free
loopback port, then runs `--clients` threads for `--seconds`, each alternating POST
/api/analyze (a 300-600 word article) and GET /api/articles?q=... . Reports per endpoint:
requests, errors (non-2xx or exceptions), throughput, p50/p95/p99 latency; ends with one JSON
object on stdout and exits 1 if any request failed.
Reference figures from this process: `analyze_article` called directly on the same texts,
and the server answering analyze requests one at a time before the load (HTTP overhead alone);
with one worker (the default) the server analyses one article at a time, so under load latency is
mostly queueing; `--workers 2` runs `serve --workers 2` (two analysis processes).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

READY_TIMEOUT = 180.0
REQUEST_TIMEOUT = 300.0
SOLO_REQUESTS = 5

# -- self-written articles -------------------------------------------------------------------------

PLACES = ["Lake Vessen", "Brekkestad", "the Orrin valley", "Port Halden", "Keldmoor", "Sundby"]
OUTLETS = [
    "harbor-post.example",
    "north-herald.example",
    "vessen-daily.example",
    "city-news.example",
    "coastal-record.example",
    "valley-times.example",
]
AGENCIES = ["the Nordmark Press Agency", "Coastline Wire", "the Valley News Service"]
PEOPLE = [
    ("Ola Brekke", "the environment minister"),
    ("Mira Sand", "the mayor of Port Halden"),
    ("Jonas Veld", "a spokesman for the harbour authority"),
    ("Petra Lind", "the head of the farmers' union"),
    ("Anders Holm", "a professor of hydrology at Keldmoor University"),
    ("Sofie Dahl", "the chair of the regional council"),
]
TOPICS = [
    ("the new ferry line", "ferry", "passengers", "fares"),
    ("the bridge repairs", "bridge", "drivers", "tolls"),
    ("the geese cull", "cull", "farmers", "crop losses"),
    ("the flood barrier", "barrier", "residents", "insurance costs"),
    ("the school merger", "merger", "parents", "class sizes"),
    ("the wind farm", "turbines", "fishermen", "electricity prices"),
]
SENTENCES = [
    "{name}, {role}, said on {day} that {topic} would cost about {number} million crowns.",
    "{role_cap} told {agency} that work on {topic} could begin as early as {month}.",
    '"We have listened to the {group} and we will act," {name} said at a meeting in {place}.',
    "According to {agency}, {number} {group} signed a petition against {topic} last week.",
    "A senior official, speaking on condition of anonymity, said the {thing} was behind schedule.",
    "{name} reportedly added that the {thing} would be reviewed again before {month}.",
    "Critics in {place} say {topic} will raise {cost} for ordinary households.",
    "The council is expected to vote on {topic} on {day}, {agency} reported.",
    '"Nobody asked us," one of the {group} in {place} told a local radio station.',
    "Figures published by the council show that {cost} rose by {number} percent last year.",
    "{name} denied that the plan had been rushed, saying the {thing} had been studied for "
    "{number} months.",
    "Residents of {place} will be able to comment on {topic} until the end of {month}.",
]
CLOSERS = [
    "The council said it would publish a full report in {month}.",
    "Neither the ministry nor the harbour authority answered further questions on {day}.",
    "A public meeting on {topic} is planned in {place} next month.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["March", "April", "May", "June", "September", "October"]


def write_article(rng: random.Random, min_words: int, max_words: int) -> dict[str, str]:
    """One article of `min_words` to about `max_words` words: paragraphs of 2-3 sentences."""
    name, role = rng.choice(PEOPLE)
    topic, thing, group, cost = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    target = rng.randint(min_words, max_words - 40)  # the last paragraph and closer overshoot
    paragraphs: list[str] = []
    words = 0
    while words < target:
        sentences = [
            _fill(rng.choice(SENTENCES), rng, name, role, topic, thing, group, cost, place)
            for _ in range(rng.randint(2, 3))
        ]
        paragraphs.append(" ".join(sentences))
        words += sum(len(s.split()) for s in sentences)
    paragraphs.append(_fill(rng.choice(CLOSERS), rng, name, role, topic, thing, group, cost, place))
    outlet = rng.choice(OUTLETS)
    return {
        "title": f"{name} on {topic} in {place}",
        "text": "\n\n".join(paragraphs),
        "outlet": outlet,
        "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    }


def _fill(template: str, rng: random.Random, *values: str) -> str:
    name, role, topic, thing, group, cost, place = values
    return template.format(
        name=name,
        role=role,
        role_cap=role[0].upper() + role[1:],
        topic=topic,
        thing=thing,
        group=group,
        cost=cost,
        place=place,
        agency=rng.choice(AGENCIES),
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        number=rng.randint(2, 900),
    )


def search_terms(rng: random.Random) -> str:
    """Words a reader would type: a topic word, a place or a person, sometimes two."""
    pool = [t[1] for t in TOPICS] + [p.split()[-1] for p in PLACES] + [n for n, _ in PEOPLE]
    return " ".join(rng.sample(pool, rng.randint(1, 2)))


def fill_store(folder: Path, count: int, rng: random.Random) -> Path:
    from newstrace.corpus.ingest import ingest
    from newstrace.corpus.store import open_store

    source = folder / "load.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for index in range(count):
            article = write_article(rng, 150, 600)
            article["url"] = f"https://{article['outlet']}/story-{index}"
            out.write(json.dumps(article) + "\n")
    path = folder / "load.sqlite"
    with open_store(path) as store:
        ingest([source], store)
    return path


# -- server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(store: Path, folder: Path, workers: int = 1) -> Iterator[str]:
    """`newstrace serve` on a free loopback port, stopped however the block ends."""
    port = free_port()
    log_path = folder / "server.log"
    command = [sys.executable, "-m", "newstrace.cli", "serve", "--store", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    # Rating lists and the default store come from the data folder: keep it empty and private.
    env = {**os.environ, "NEWSTRACE_DATA_DIR": str(folder / "data")}
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            base_url = f"http://127.0.0.1:{port}"
            wait_until_ready(base_url, process, log_path)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_ready(base_url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    # uvicorn answers only after the app's start-up, which loads the language model.
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise SystemExit(f"server exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{base_url}/api/articles?per_page=1", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"server not ready after {READY_TIMEOUT:g} s")


# -- measuring -------------------------------------------------------------------------------------


@dataclass
class Samples:
    """Latencies of answered requests, and errors, for one endpoint."""

    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_examples: list[str] = field(default_factory=list)

    def add(self, seconds: float, error: str | None) -> None:
        if error is None:
            self.latencies.append(seconds)
            return
        self.errors += 1
        if len(self.error_examples) < 5:
            self.error_examples.append(error)

    def summary(self, seconds: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        requests = len(ordered) + self.errors
        return {
            "requests": requests,
            "errors": self.errors,
            "throughput_rps": round(requests / seconds, 2),
            **{f"p{p}_ms": _ms(percentile(ordered, p)) for p in (50, 95, 99)},
            "max_ms": _ms(ordered[-1] if ordered else None),
            "error_examples": self.error_examples,
        }


def percentile(ordered: list[float], p: float) -> float | None:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def timed(client: httpx.Client, method: str, url: str, **kwargs: Any) -> tuple[float, str | None]:
    """Seconds the request took, and what went wrong (None when it got a 2xx)."""
    start = time.perf_counter()
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError as exc:
        return time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - start
    if not response.is_success:
        return elapsed, f"{response.status_code}: {response.text[:200]}"
    return elapsed, None


def direct_baseline(articles: list[dict[str, str]], rounds: int) -> list[float]:
    """Seconds per `analyze_article` call in this process, after a warm-up call."""
    from newstrace import analyze_article
    from newstrace.model import Article

    def article(data: dict[str, str]) -> Article:
        return Article(text=data["text"], title=data["title"], outlet=data["outlet"])

    analyze_article(article(articles[0]))
    times = []
    for index in range(rounds):
        start = time.perf_counter()
        analyze_article(article(articles[index % len(articles)]))
        times.append(time.perf_counter() - start)
    return times


def solo_requests(base_url: str, articles: list[dict[str, str]]) -> Samples:
    """The server answering analyze requests one at a time: the HTTP and queueing-free cost."""
    samples = Samples()
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as client:
        for index in range(SOLO_REQUESTS):
            body = articles[index % len(articles)]
            samples.add(*timed(client, "POST", "/api/analyze", json=body))
    return samples


def run_load(
    base_url: str, articles: list[dict[str, str]], clients: int, seconds: float, seed: int
) -> tuple[dict[str, Samples], float]:
    """`clients` threads alternating analyze and search until `seconds` have passed."""
    results = {"analyze": Samples(), "search": Samples()}
    lock = threading.Lock()
    stop = threading.Event()
    deadline = time.monotonic() + seconds

    def client_loop(number: int) -> None:
        rng = random.Random(seed * 1000 + number)
        with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as client:
            turn = number  # half the clients start with a search, so both run from the start
            while not stop.is_set() and time.monotonic() < deadline:
                if turn % 2 == 0:
                    name = "analyze"
                    sample = timed(client, "POST", "/api/analyze", json=rng.choice(articles))
                else:
                    name = "search"
                    sample = timed(client, "GET", "/api/articles", params={"q": search_terms(rng)})
                with lock:
                    results[name].add(*sample)
                turn += 1

    started = time.perf_counter()
    # Daemon threads and the stop flag: an interrupted run ends now, not at the deadline.
    threads = [threading.Thread(target=client_loop, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    finally:
        stop.set()
    return results, time.perf_counter() - started


# -- main ------------------------------------------------------------------------------------------


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through `running_server`, which stops the server


def main() -> None:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load phase")
    parser.add_argument("--clients", type=int, default=10, help="concurrent client threads")
    parser.add_argument("--articles", type=int, default=200, help="articles in the store")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=1, help="serve --workers (processes)")
    args = parser.parse_args()
    if args.seconds <= 0 or args.clients < 1 or args.articles < 1:
        parser.error("--seconds, --clients and --articles must be positive")
    rng = random.Random(args.seed)
    posted = [write_article(rng, 300, 600) for _ in range(20)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = fill_store(folder, args.articles, rng)
        with running_server(store, folder, args.workers) as base_url:
            solo = solo_requests(base_url, posted)
            results, elapsed = run_load(base_url, posted, args.clients, args.seconds, args.seed)
        direct = sorted(direct_baseline(posted, rounds=len(posted)))
    report = build_report(args, posted, direct, solo, results, elapsed)
    for name in ("analyze", "search"):
        print(f"{name}: {json.dumps(report['endpoints'][name])}", file=sys.stderr)
    print(json.dumps(report))
    if any(report["endpoints"][name]["errors"] for name in results) or solo.errors:
        sys.exit(1)


def build_report(
    args: argparse.Namespace,
    posted: list[dict[str, str]],
    direct: list[float],
    solo: Samples,
    results: dict[str, Samples],
    elapsed: float,
) -> dict[str, Any]:
    direct_p50 = percentile(direct, 50) or float("nan")
    solo_p50 = percentile(sorted(solo.latencies), 50)
    load_p50 = percentile(sorted(results["analyze"].latencies), 50)
    return {
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "workers": args.workers,
        "stored_articles": args.articles,
        "posted_words_mean": round(sum(len(a["text"].split()) for a in posted) / len(posted)),
        "endpoints": {name: samples.summary(elapsed) for name, samples in results.items()},
        "direct_analyze_p50_ms": _ms(direct_p50),
        "solo_server_analyze_p50_ms": _ms(solo_p50),
        "solo_errors": solo.errors,
        # HTTP, validation and JSON cost of one analyze request on an idle server.
        "ratio_solo_server_to_direct": _ratio(solo_p50, direct_p50),
        # Under load: mostly the wait for the single analysis worker.
        "ratio_load_server_to_direct": _ratio(load_p50, direct_p50),
    }


def _ratio(value: float | None, reference: float) -> float | None:
    return None if value is None else round(value / reference, 2)


if __name__ == "__main__":
    main()
