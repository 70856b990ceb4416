"""Repeated measurements, summarised as the median and 95th percentile."""

import statistics
import time
from dataclasses import asdict, dataclass


@dataclass
class Timing:
    runs: int
    median_ms: float
    p95_ms: float
    min_ms: float
    max_ms: float

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    """The nearest-rank percentile: the value below which `fraction` of the runs fall."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


def summarise(seconds: list[float]) -> Timing:
    milliseconds = [value * 1000 for value in seconds]
    return Timing(
        runs=len(milliseconds),
        median_ms=round(statistics.median(milliseconds), 2),
        p95_ms=round(percentile(milliseconds, 0.95), 2),
        min_ms=round(min(milliseconds), 2),
        max_ms=round(max(milliseconds), 2),
    )


def measure(function, *, repeat: int = 20, warmup: int = 2) -> Timing:
    """Call `function` `warmup` times unmeasured (caches, connections), then `repeat` times."""
    for _ in range(warmup):
        function()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return summarise(seconds)


def measure_alternately(first, second, *, repeat: int = 20, warmup: int = 2):
    """Time two functions in turns, one run of each after the other: (first, second).

    For a ratio such as ours / the admin's. On a virtual machine, speed drifts by 10–20 %
    from one minute to the next; measured one after the other, the two sides would each
    get a different machine, and their ratio would say more about the drift than about
    them. In turns, a slow spell slows both.
    """
    for _ in range(warmup):
        first()
        second()
    seconds = ([], [])
    for _ in range(repeat):
        for function, runs in zip((first, second), seconds, strict=True):
            started = time.perf_counter()
            function()
            runs.append(time.perf_counter() - started)
    return summarise(seconds[0]), summarise(seconds[1])
