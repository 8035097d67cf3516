#!/usr/bin/env python3
"""k-means peers for bench/suites/kmeans.bench.ts: scikit-learn KMeans (k-means++, n_init=1, Lloyd) and faiss.

usage: kmeans_peer.py <raw float32 file> <rows> <cols> <k> <max_iter> <seed>
Prints one JSON line: fit wall time (ms), CPU time of all threads (cpu_ms), inertia, iterations for each peer. Only the fit is timed, not file loading.
faiss trains on all rows (max_points_per_centroid raised) so it sees the same data; its init is random, not
k-means++ (faiss has no k-means++); its inertia is measured by assigning every row to the final centroids.
"""
import json
import sys
import time

import numpy as np


def main():
    path, rows, cols, k, max_iter, seed = sys.argv[1], *map(int, sys.argv[2:7])
    x = np.fromfile(path, dtype=np.float32).reshape(rows, cols)
    out = {}

    from sklearn import __version__ as skv
    from sklearn.cluster import KMeans

    t0, c0 = time.perf_counter(), time.process_time()
    km = KMeans(n_clusters=k, init="k-means++", n_init=1, max_iter=max_iter, random_state=seed, algorithm="lloyd")
    km.fit(x)
    out["sklearn"] = {
        "version": skv,
        "ms": (time.perf_counter() - t0) * 1000,
        "cpu_ms": (time.process_time() - c0) * 1000,
        "inertia": float(km.inertia_),
        "iterations": int(km.n_iter_),
    }

    try:
        import faiss

        t0, c0 = time.perf_counter(), time.process_time()
        fk = faiss.Kmeans(cols, k, niter=max_iter, seed=seed, nredo=1, max_points_per_centroid=rows, verbose=False)
        fk.train(x)
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        d, _ = fk.index.search(x, 1)
        out["faiss"] = {
            "version": faiss.__version__,
            "ms": ms,
            "cpu_ms": cpu_ms,
            "inertia": float(d.astype(np.float64).sum()),
            "iterations": max_iter,
            "threads": faiss.omp_get_max_threads(),
        }
    except ImportError as e:  # faiss is optional on machines without python3-faiss
        out["faiss"] = {"error": str(e)}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
