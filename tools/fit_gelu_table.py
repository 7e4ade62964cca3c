#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fits the FAST tier's gelu tables (src/kernels/tier_fast.h): G(s) = erfcx(s/sqrt 2)
= 2 e^(s^2/2) Phi(-s) on [0, 10], so that Phi(-s) = e^(-s^2/2) G(s)/2 needs no
rounded s/sqrt 2.  16 polynomials of degree 7 in d = s - center (interval
width 0.625, so centers and d are exact in float), or with "8" 8 of degree
10 (width 1.25: one register permute per coefficient on AVX2), each fitted
for relative error by iterated reweighted least squares (Lawson) against
mpmath at 30 digits; the constant term is split into two floats.  Prints
the C tables (fast_gx_* or fast_gx8_*) and the fit's and the float
evaluation's worst relative error.

usage: tools/fit_gelu_table.py [8] > tables.h   (Debian: python3-numpy python3-mpmath)
"""
import re
import sys

import numpy as np
from mpmath import erfc, exp, mp, mpf

mp.dps = 30
NI, W, DEG, PREFIX = (8, 1.25, 10, "fast_gx8") if sys.argv[1:] == ["8"] else (16, 0.625, 7, "fast_gx")


def erfcx(s):
    """G(s) = erfcx(s/sqrt 2)"""
    t = mpf(s) / mp.sqrt(2)
    return float(exp(t ** 2) * erfc(t))


def hexf(v):
    h = float.hex(float(np.float32(v)))
    m = re.match(r"(-?0x1\.)([0-9a-f]*?)0*p(.*)", h)
    return (m.group(1) + (m.group(2) or "0") + "p" + m.group(3) if m else h) + "f"


rows, fit_worst, eval_worst = [], 0.0, 0.0
for i in range(NI):
    a, b = i * W, (i + 1) * W
    c = (a + b) / 2
    k = np.arange(200)
    d = (b - a) / 2 * np.cos((2 * k + 1) * np.pi / 400)
    f = np.array([erfcx(c + x) for x in d])
    wt = np.ones_like(d)
    for _ in range(30):
        A = np.vander(d, DEG + 1, increasing=True) / f[:, None] * np.sqrt(wt)[:, None]
        cf, *_ = np.linalg.lstsq(A, np.sqrt(wt), rcond=None)
        err = np.polyval(cf[::-1], d) / f - 1
        wt *= np.abs(err) + 1e-30
        wt /= wt.mean()
    fit_worst = max(fit_worst, np.abs(err).max())
    c0hi = np.float32(cf[0])
    c0lo = np.float32(cf[0] - np.float64(c0hi))
    c32 = cf.astype(np.float32)
    # float evaluation as tier_fast.h does it (FMA Horner, c0 in two parts)
    t = np.linspace(a, b, 201).astype(np.float32)
    dd = (t - np.float32(c)).astype(np.float64)
    r = np.full(t.shape, np.float64(c32[-1]))
    for ci in c32[-2:0:-1]:
        r = (r * dd + np.float64(ci)).astype(np.float32).astype(np.float64)
    r = (r * dd + np.float64(c0lo)).astype(np.float32).astype(np.float64)
    r = (r + np.float64(c0hi)).astype(np.float32).astype(np.float64)
    ref = np.array([erfcx(float(x)) for x in t])
    eval_worst = max(eval_worst, np.abs(r / ref - 1).max())
    rows.append([c0lo, c0hi] + list(c32[1:]))

names = ["c0lo", "c0"] + [f"c{k}" for k in range(1, DEG + 1)]
for j, n in enumerate(names):
    vals = [hexf(r[j]) for r in rows]
    print(f"static const float {PREFIX}_{n}[{NI}] = {{")
    for k in range(0, NI, 4):
        print("    " + ", ".join(vals[k:k + 4]) + ",")
    print("};")
print(f"fit: max relative error {fit_worst:.2e}; float evaluation {eval_worst:.2e}", file=sys.stderr)
