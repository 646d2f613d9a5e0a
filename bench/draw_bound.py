#!/usr/bin/python3
"""Hardware bound of one similarity draw (bench/draw-bound.ts calls this in the same run): the float32 Gram
product X X^T of the draw's shape with NumPy's BLAS (OpenBLAS here), the same product in float64 (the fastest exact
one for the draws' integer ranks: docs/performance.md), and a streaming copy of BYTES bytes (what the rank pass
must at least read and write). Prints one JSON line: {"gram_ms": ..., "stream_ms": ..., "gram_cpu_ms": ...,
"stream_cpu_ms": ..., "gram64_ms": ..., "gram64_cpu_ms": ..., "blas": ...}: best of REPS runs in wall and in CPU
time of the process, since the machine is shared (wall time includes waiting for a core).

Usage: draw_bound.py N M BYTES [REPS]
"""
import json
import sys
import time

import numpy as np

n, m, nbytes = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
reps = int(sys.argv[4]) if len(sys.argv) > 4 else 7
rng = np.random.default_rng(0)
x = rng.standard_normal((n, m), dtype=np.float32)


def best(f):
    f()
    t, c = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        f()
        t.append(time.perf_counter() - t0)
        c.append(time.process_time() - c0)
    return 1000 * min(t), 1000 * min(c)


gram_ms, gram_cpu_ms = best(lambda: x @ x.T)
x64 = x.astype(np.float64)
gram64_ms, gram64_cpu_ms = best(lambda: x64 @ x64.T)
del x64
src = np.ones(nbytes // 2 // 8, dtype=np.float64)  # read half of BYTES, write the other half
dst = np.empty_like(src)
stream_ms, stream_cpu_ms = best(lambda: np.copyto(dst, src))
try:
    blas = np.__config__.CONFIG['Build Dependencies']['blas']['name']
except Exception:  # older NumPy: no CONFIG
    blas = 'numpy'
print(json.dumps({'gram_ms': gram_ms, 'stream_ms': stream_ms, 'gram_cpu_ms': gram_cpu_ms, 'stream_cpu_ms': stream_cpu_ms, 'gram64_ms': gram64_ms, 'gram64_cpu_ms': gram64_cpu_ms, 'blas': blas}))
