#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fits tanhshrink's polynomials (src/kernels/ops_exp.h) for |x| < 1.125,
where x - tanh x cancels: with z = x^2,
  P(z) = (x - tanh x)/x^3      forward:  tanhshrink(x) = x^3 P(z)
  H(z) = (tanh x / x)^2        backward: tanh(x)^2 = z H(z)
each of degree DEG in z, fitted for relative error by iterated reweighted
least squares (Lawson) against mpmath at 30 digits.  Prints the C tables and
the fit's and the float (FMA Horner) evaluation's worst relative error.

usage: /usr/bin/python3 tools/fit_tanhshrink.py   (Debian: python3-numpy python3-mpmath)
"""
import re
import sys

import numpy as np
from mpmath import mp, mpf, tanh

mp.dps = 30
C, DEG = 1.125, 9
ZMAX = C * C


def P(z):
    x = mp.sqrt(mpf(z))
    return float((x - tanh(x)) / x ** 3) if z > 1e-12 else 1.0 / 3.0


def H(z):
    x = mp.sqrt(mpf(z))
    return float((tanh(x) / x) ** 2) if z > 1e-12 else 1.0


def hexf(v):
    h = float.hex(float(np.float32(v)))
    m = re.match(r"(-?0x1\.)([0-9a-f]*?)0*p(.*)", h)
    return (m.group(1) + (m.group(2) or "0") + "p" + m.group(3) if m else h) + "f"


def fit(fn, name):
    k = np.arange(400)
    z = ZMAX / 2 * (1 - np.cos((2 * k + 1) * np.pi / 800))
    f = np.array([fn(v) for v in z])
    wt = np.ones_like(z)
    for _ in range(40):
        A = np.vander(z, DEG + 1, increasing=True) / f[:, None] * np.sqrt(wt)[:, None]
        cf, *_ = np.linalg.lstsq(A, np.sqrt(wt), rcond=None)
        err = np.polyval(cf[::-1], z) / f - 1
        wt *= np.abs(err) + 1e-30
        wt /= wt.mean()
    c32 = cf.astype(np.float32)
    t = np.linspace(0, ZMAX, 2001).astype(np.float32)
    r = np.full(t.shape, np.float64(c32[-1]))
    for ci in c32[-2::-1]:
        r = (r * t.astype(np.float64) + np.float64(ci)).astype(np.float32).astype(np.float64)
    ref = np.array([fn(float(v)) for v in t])
    ev = np.abs(r / ref - 1).max()
    print(f"static const float {name}[{DEG + 1}] = {{ /* c0 .. c{DEG} */")
    vals = [hexf(c) for c in c32]
    for i in range(0, len(vals), 4):
        print("    " + ", ".join(vals[i:i + 4]) + ",")
    print("};")
    print(f"{name}: fit {np.abs(err).max():.2e}, float evaluation {ev:.2e} (2^-24 = 5.96e-08)",
          file=sys.stderr)


fit(P, "k_tshr_p")
fit(H, "k_tshr_h")
