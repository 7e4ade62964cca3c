#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fits the FAST tier's exponential polynomials (src/kernels/tier_fast.h) on
|t| <= ln2/2 (widened by 0.05%), by iterated reweighted least squares
(Lawson) against mpmath at 30 digits, and prints them as C float literals:

  exp    e^t = 1 + t p(t), p of degree 5, for e^t's relative error
         (fast_exp_p; below 2.0e-9)
  expm1  e^t - 1 = t + t^2 q(t), q of degree 4, for the relative error of
         e^t - 1 itself, so small t keep it (fast_expm1_w; below 1.4e-8)
  exp16  e^t = 1 + t q(t) on |t| <= ln2/32 (widened by 0.1%), q of
         degree 2, for e^t's relative error (t_exp_neg's table form on
         AVX-512; q(0) rounds to 1; below 1.7e-9)
  exp8   the same on |t| <= ln2/16, q of degree 2 (t_exp_neg_normal's
         8-entry table form on AVX2; below 2.6e-8, 2.8e-8 with the
         coefficients rounded to float)

usage: tools/fit_exp.py   (Debian: python3-numpy python3-mpmath)
"""
import numpy as np
from mpmath import expm1, mp, mpf

mp.dps = 30
A = float(np.log(2) / 2) * 1.0005
T = A * np.cos((2 * np.arange(400) + 1) * np.pi / 800)


def lawson(basis, target, scale, T=T):
    """coefficients c minimising max |scale*(basis c - target)| (relative
    error when scale is 1/f)"""
    wt = np.ones_like(T)
    for _ in range(60):
        M = basis * (scale * np.sqrt(wt))[:, None]
        c, *_ = np.linalg.lstsq(M, target * scale * np.sqrt(wt), rcond=None)
        err = (basis @ c - target) * scale
        wt *= np.abs(err) + 1e-30
        wt /= wt.mean()
    return c, np.abs(err).max()


em1 = np.array([float(expm1(mpf(t))) for t in T])
# exp: 1 + t p(t) = e^t, relative: t p - (e^t - 1) over e^t
p, ep = lawson(np.vander(T, 6, increasing=True) * T[:, None], em1, 1 / (1 + em1))
# expm1: t + t^2 q(t) = e^t - 1, relative to e^t - 1
q, eq = lawson(np.vander(T, 5, increasing=True) * (T * T)[:, None], em1 - T, 1 / em1)
# exp16: 1 + t q(t) = e^t on the table form's interval
T16 = T * (1.001 / 1.0005 / 16)  # widened by 0.1%
em16 = np.array([float(expm1(mpf(t))) for t in T16])
r, er = lawson(np.vander(T16, 3, increasing=True) * T16[:, None], em16, 1 / (1 + em16), T16)
# exp8: the same on the 8-entry table's interval, |t| <= ln2/16
T8 = T * (1.001 / 1.0005 / 8)
em8 = np.array([float(expm1(mpf(t))) for t in T8])
r8, er8 = lawson(np.vander(T8, 3, increasing=True) * T8[:, None], em8, 1 / (1 + em8), T8)
for name, c, e in (("exp p", p, ep), ("expm1 q", q, eq), ("exp16 q", r, er), ("exp8 q", r8, er8)):
    lits = ", ".join(float.hex(float(v)).replace("0000000p", "p") + "f" for v in np.float32(c))
    print(f"{name} (t^0 first, max relative error {e:.2e}): {lits}")
