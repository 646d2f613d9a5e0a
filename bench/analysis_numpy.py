#!/usr/bin/python3
"""The analysis bench (bench/analysis.bench.ts) in NumPy/SciPy/scikit-learn, for a speed comparison on this machine.

Same sizes and algorithms: similarity statistics (one_minus_spearman RDMs of RE/AN/AI/AI_CONTROL on 80 % of units,
spearman comparison, a RE label permutation per draw) in two NumPy variants:
  rankdata   - the idiomatic one: scipy.stats.rankdata on the kept units every draw (sort per draw), BLAS Gram;
  globalsort - the TypeScript algorithm: one argsort per row, ranks of the kept units by filtering, BLAS Gram;
and the encoding stage: sklearn RidgeCV(alpha_per_target=True) and a batched NumPy ROMP (K = 10), then the same
subsampling/permutation statistics. Slow variants are timed on ARSA_NUMPY_TIMING_DRAWS draws (default 20) and
extrapolated linearly to ARSA_BENCH_DRAWS (default 1000); lines say so.
"""
import os
import time

import numpy as np
from scipy import stats
from sklearn.linear_model import RidgeCV

DRAWS = int(os.environ.get('ARSA_BENCH_DRAWS', 1000))
TIMING = min(DRAWS, int(os.environ.get('ARSA_NUMPY_TIMING_DRAWS', 20)))
ONLY = os.environ.get('ARSA_BENCH_LAYERS')
SKIP = set(filter(None, os.environ.get('ARSA_BENCH_SKIP', '').split(',')))
LAYERS = [('block_0', 112 * 112 * 16), ('block_2', 56 * 56 * 24), ('block_5', 28 * 28 * 32), ('block_9', 14 * 14 * 64),
          ('block_12', 14 * 14 * 96), ('block_15', 7 * 7 * 160), ('block_16', 7 * 7 * 320), ('conv_1', 7 * 7 * 1280), ('prob', 1000)]
if ONLY:
    LAYERS = [l for l in LAYERS if l[0] in ONLY.split(',')]
N = 40
rng = np.random.default_rng(1)
iu = np.triu_indices(N, 1)


def kinds(units, relu):
    base = rng.standard_normal((N, units), dtype=np.float32)
    out = []
    for noise in (0.5, 2, 1, 1):
        x = base + noise * rng.standard_normal((N, units), dtype=np.float32)
        out.append(np.maximum(x, 0) if relu else x)
    return out


def rdm_from_ranks(r):
    r = r - r.mean(1, keepdims=True)
    g = r @ r.T
    d = np.sqrt(np.diag(g))
    return 1 - (g / np.outer(d, d))[iu]


def spearman_vec(a, b):
    return stats.spearmanr(a, b)[0]


def draw_stats(rdms, perm):
    re = rdms[0]
    sq = np.zeros((N, N))
    sq[iu] = re
    sq = sq + sq.T
    rep = sq[np.ix_(perm, perm)][iu]
    return [(spearman_vec(re, x), spearman_vec(rep, x)) for x in rdms[1:]]


def sim_rankdata(pats, draws):
    p = pats[0].shape[1]
    m = round(0.8 * p)
    for _ in range(draws):
        keep = np.sort(rng.choice(p, m, replace=False))
        perm = rng.permutation(N)
        rdms = [rdm_from_ranks(stats.rankdata(x[:, keep], axis=1)) for x in pats]
        draw_stats(rdms, perm)


def sim_globalsort(pats, draws):
    p = pats[0].shape[1]
    m = round(0.8 * p)
    orders = [np.argsort(x, axis=1, kind='stable') for x in pats]
    for _ in range(draws):
        keep = np.sort(rng.choice(p, m, replace=False))
        perm = rng.permutation(N)
        mask = np.zeros(p, bool)
        mask[keep] = True
        pos = np.full(p, -1)
        pos[keep] = np.arange(m)
        rdms = []
        for x, order in zip(pats, orders):
            R = np.empty((N, m))
            for i in range(N):
                o = order[i][mask[order[i]]]
                v = x[i, o]
                obs = np.r_[True, v[1:] != v[:-1]]
                dense = obs.cumsum()
                cnt = np.r_[np.nonzero(obs)[0], len(obs)]
                R[i, pos[o]] = 0.5 * (cnt[dense] + cnt[dense - 1] + 1)
            rdms.append(rdm_from_ranks(R))
        draw_stats(rdms, perm)


def timed(fn, pats):
    t0 = time.perf_counter()
    fn(pats, TIMING)
    return (time.perf_counter() - t0) * DRAWS / TIMING


def romp(X, Y, K=10, tol=1e-10):
    n, p = X.shape
    Xc = X - X.mean(0)
    nr = np.sqrt((Xc ** 2).sum(0))
    nr[nr == 0] = np.inf
    Xn = Xc / nr
    T = Y.shape[1]
    R = Y - Y.mean(0)
    chosen = [[] for _ in range(T)]
    coefs = [None] * T
    active = list(range(T))
    while active:
        U = np.abs(Xn.T @ R[:, active])  # [p x active]
        nxt = []
        for a, j in enumerate(active):
            u = U[:, a]
            u[chosen[j]] = 0
            J = np.argpartition(-u, K)[:K]
            J = J[np.argsort(-u[J], kind='stable')]
            J = J[u[J] > 0]
            if len(J) == 0:
                continue
            uj = u[J]
            best, be = None, -1
            for i0 in range(len(J)):
                k = i0
                while k < len(J) and uj[i0] <= 2 * uj[k]:
                    k += 1
                e = (uj[i0:k] ** 2).sum()
                if e > be:
                    be, best = e, J[i0:k]
            chosen[j] += list(best)
            A = np.column_stack([X[:, chosen[j]], np.ones(n)])
            sol = np.linalg.lstsq(A, Y[:, j], rcond=None)[0]
            coefs[j] = sol
            R[:, j] = Y[:, j] - A @ sol
            if len(chosen[j]) < 2 * K and np.linalg.norm(R[:, j]) > tol:
                nxt.append(j)
        active = nxt
    return chosen, coefs


def romp_predict(X, chosen, coefs, Y):
    out = np.empty((X.shape[0], len(chosen)))
    for j, (c, s) in enumerate(zip(chosen, coefs)):
        out[:, j] = X[:, c] @ s[:-1] + s[-1] if s is not None else Y[:, j].mean()
    return out


def corr_rows(a, b):  # r per column over rows
    a = a - a.mean(0)
    b = b - b.mean(0)
    return (a * b).sum(0) / np.sqrt((a * a).sum(0) * (b * b).sum(0))


def enc_stats(pred, meas):
    w = pred.shape[1]
    subsets = [rng.choice(w, round(0.8 * w), replace=False) for _ in range(DRAWS)]
    perms = [rng.permutation(N) for _ in range(DRAWS)]
    for reading in ('images', 'vertices'):
        f = (lambda P, M: corr_rows(P, M)) if reading == 'images' else (lambda P, M: corr_rows(P.T, M.T))
        f(pred, meas).mean()
        if reading == 'images':
            s = f(pred, meas)
            [np.nanmean(s[sub]) for sub in subsets]
        else:
            [np.nanmean(f(pred[:, sub], meas[:, sub])) for sub in subsets]
        [np.nanmean(f(pred[pm], meas)) for pm in perms]


def main():
    print(f'  numpy {np.__version__}; timing draws {TIMING}, extrapolated to {DRAWS}')
    if 'similarity' not in SKIP:
        tot = {'rankdata': 0.0, 'globalsort': 0.0}
        for name, units in LAYERS:
            pats = kinds(units, name in ('conv_1', 'prob'))
            row = []
            for var, fn in (('rankdata', sim_rankdata), ('globalsort', sim_globalsort)):
                t = timed(fn, pats)
                tot[var] += t
                row.append(f'{var} {t:8.2f} s')
            print(f'  {name:9s} {units:7d} units  ' + '  '.join(row) + ' (extrapolated)')
        print(f'  all layers: rankdata {tot["rankdata"]:.1f} s, globalsort {tot["globalsort"]:.1f} s (extrapolated)')
        t0 = time.perf_counter()
        for _ in range(15):
            pats = kinds(200, False)
            sim_rankdata(pats, DRAWS)
        print(f'  15 subject x ROI sources (200 vertices), rankdata: {time.perf_counter() - t0:.2f} s')
    if 'encoding' not in SKIP:
        t_all = time.perf_counter()
        for name, units in [l for l in LAYERS if l[0] != 'prob']:
            f = kinds(units, name == 'conv_1')
            X, Xan, Xai = [a.astype(np.float64) for a in f[:3]]
            srcs = [kinds(200, False) for _ in range(15)]
            Y = np.hstack([s[0] for s in srcs]).astype(np.float64)
            for fam in ('ROMP', 'RIDGE'):
                t0 = time.perf_counter()
                if fam == 'RIDGE':
                    m = RidgeCV(alphas=10.0 ** np.arange(-2, 8.01, 0.5), alpha_per_target=True).fit(X, Y)
                    pan, pai = m.predict(Xan), m.predict(Xai)
                else:
                    ch, co = romp(X, Y)
                    pan, pai = romp_predict(Xan, ch, co, Y), romp_predict(Xai, ch, co, Y)
                for k, s in enumerate(srcs):
                    sl = slice(200 * k, 200 * (k + 1))
                    enc_stats(pan[:, sl], s[1].astype(np.float64))
                    enc_stats(pai[:, sl], s[2].astype(np.float64))
                print(f'  {name:9s} {fam:5s} {time.perf_counter() - t0:8.2f} s')
        print(f'  encoding stage: {time.perf_counter() - t_all:.2f} s')


if __name__ == '__main__':
    main()
