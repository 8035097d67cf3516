#!/usr/bin/env python3
"""Silhouette peer for bench/suites/silhouette.bench.ts: scikit-learn silhouette_score on the same file.

usage: silhouette_peer.py <raw float32 file> <raw int32 labels file> <rows> <cols>
Prints one JSON line with the wall time (ms), CPU time of all threads (cpu_ms) and the score. Only the call is timed.
"""
import json
import sys
import time

import numpy as np


def main():
    path, labels_path, rows, cols = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    x = np.fromfile(path, dtype=np.float32).reshape(rows, cols)
    y = np.fromfile(labels_path, dtype=np.int32)
    from sklearn import __version__ as skv
    from sklearn.metrics import silhouette_score

    t0, c0 = time.perf_counter(), time.process_time()
    s = silhouette_score(x, y)
    ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    print(json.dumps({"sklearn": {"version": skv, "ms": ms, "cpu_ms": cpu_ms, "score": float(s)}}))


if __name__ == "__main__":
    main()
