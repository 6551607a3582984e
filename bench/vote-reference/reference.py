"""Reference tallies for bench/vote and the vote crate's tests, written
independently of the Rust crate with numpy: Schulze (pairwise counts,
widest paths) and majority judgment (lower median, then the majority
value, vote by vote).

    python reference.py schulze|judgment PATH CANDIDATES   ->  "seconds winner"
    python reference.py many DIR   ->  one "name schulze_winner judgment_winner"
                                       line per election DIR/name.{ranks,grades,candidates}
"""
import sys
import time

import numpy as np


def schulze(ranks):
    n = ranks.shape[1]
    d = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            if i != j:
                d[i, j] = np.count_nonzero(ranks[:, i] < ranks[:, j])
    p = np.where(d > d.T, d, 0)
    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j != i and j != k:
                    p[i, j] = max(p[i, j], min(p[i, k], p[k, j]))
    winners = [i for i in range(n) if all(p[i, j] >= p[j, i] for j in range(n) if j != i)]
    return winners[0] if len(winners) == 1 else None


def majority_value(column):
    """The medians removed one by one from the sorted grades: the lower
    median, then alternately its neighbours outwards (left first when the
    count is odd, right first when it is even)."""
    grades = np.sort(column)
    n = len(grades)
    k = np.arange(n)
    step = (k + 1) // 2
    sign = np.where(k % 2 == 1, -1, 1) * (1 if n % 2 == 1 else -1)
    return grades[(n - 1) // 2 + sign * step]


def better(a, b):
    """Compares two majority values: 1, 0 or -1."""
    differ = np.nonzero(a != b)[0]
    if len(differ) == 0:
        return 0
    return 1 if a[differ[0]] > b[differ[0]] else -1


def judgment(grades):
    n = grades.shape[1]
    medians = [int(np.sort(grades[:, k])[(grades.shape[0] - 1) // 2]) for k in range(n)]
    best = max(medians)
    tied = [k for k in range(n) if medians[k] == best]
    if len(tied) == 1:
        return tied[0]
    values = {k: majority_value(grades[:, k]) for k in tied}
    leaders = [tied[0]]
    for k in tied[1:]:
        order = better(values[k], values[leaders[0]])
        if order > 0:
            leaders = [k]
        elif order == 0:
            leaders.append(k)
    return leaders[0] if len(leaders) == 1 else None


def many(folder):
    import os
    for name in sorted(f[: -len(".candidates")] for f in os.listdir(folder) if f.endswith(".candidates")):
        base = os.path.join(folder, name)
        with open(base + ".candidates") as f:
            candidates = int(f.read())
        ranks = np.fromfile(base + ".ranks", dtype=np.uint8).reshape(-1, candidates)
        grades = np.fromfile(base + ".grades", dtype=np.uint8).reshape(-1, candidates)
        winners = [schulze(ranks), judgment(grades)]
        print(name, *("none" if w is None else w for w in winners))


def main():
    if sys.argv[1] == "many":
        many(sys.argv[2])
        return
    method, path, candidates = sys.argv[1], sys.argv[2], int(sys.argv[3])
    suffix = ".ranks" if method == "schulze" else ".grades"
    data = np.fromfile(path + suffix, dtype=np.uint8).reshape(-1, candidates)
    started = time.perf_counter()
    winner = schulze(data) if method == "schulze" else judgment(data)
    elapsed = time.perf_counter() - started
    print(f"{elapsed:.3f} {'none' if winner is None else winner}")


main()
