"""Throughput self-test: sendMessage from this process to an emulator in a child process.

Usage: python -m emulator.bench_selftest [--count 20000] [--concurrency 64] [--chats 100000]
Prints the achieved sendMessage rate, the emulator's own count, its CPU cost per message
(the capacity figure that does not depend on other load on the machine) and its memory use.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

TOKEN = "123456789:AAbenchSelfTestToken_0123456789abcdef"
KEYBOARD = json.dumps({"inline_keyboard": [[{"text": "Open", "callback_data": "c:open:1"}]]})


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float:
    """Return the resident memory of a process in MB (Linux only, else 0)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(pid: int) -> float:
    """Return the user+system CPU time a process has used (Linux only, else 0)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(count: int, concurrency: int, chats: int, base: str) -> float:
    """Send ``count`` messages with ``concurrency`` workers; return messages per second."""
    url = f"{base}/bot{TOKEN}/sendMessage"
    counter = iter(range(count))
    failures = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal failures
            for n in counter:
                form = {
                    "chat_id": str(10_000_000 + n % chats),
                    "text": f"Campaign update number {n} #d{n}",
                    "reply_markup": KEYBOARD,
                }
                async with session.post(url, data=form) as resp:
                    await resp.read()
                    if resp.status != 200:
                        failures += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        async with session.get(f"{base}/_emu/stats?chats=0") as resp:
            stats = await resp.json()
    rate = count / elapsed
    print(f"sent {count} in {elapsed:.2f}s with {concurrency} workers: {rate:,.0f} msg/s, failures {failures}")
    print(f"emulator counted {stats['sends_ok']} delivered to {stats['chats_delivered']} chats")
    return rate


def main(argv: list[str] | None = None) -> None:
    """Start an emulator process, run the load from this process and print the rate."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--chats", type=int, default=100_000)
    args = parser.parse_args(argv)
    port = free_port()
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "emulator", "--port", str(port), "--token", TOKEN]
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        child.stdout.readline()
        base = f"http://127.0.0.1:{port}"
        print(f"emulator pid {child.pid}, RSS before {rss_mb(child.pid):.0f} MB")
        cpu_before = cpu_seconds(child.pid)
        asyncio.run(run(args.count, args.concurrency, args.chats, base))
        cpu = cpu_seconds(child.pid) - cpu_before
        if cpu > 0:
            per_core = args.count / cpu
            print(f"emulator CPU {cpu:.2f}s: {1e6 / per_core:.0f} us per message, {per_core:,.0f} msg/s per busy core")
        print(f"emulator RSS after {rss_mb(child.pid):.0f} MB, load average {os.getloadavg()[0]:.1f}")
    finally:
        child.terminate()
        child.wait(timeout=10)


if __name__ == "__main__":
    main()
