#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A loop's instructions, uops per element and busiest pipe, without timing:
the instructions callgrind saw executed in a call's hot loop, fed to
llvm-mca's model of a CPU (Zen 3 by default, whose AVX2 path issue 15 is
about).  For vact's kernels and for oneDNN's JIT kernels alike.

    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=cg.out \\
        build/bench/vact_bench --isa avx2 --benchmark_min_time=0.001 \\
        --benchmark_filter='^gelu/fwd/avx2-fast/n:65536/'
    python3 tools/loop_mca.py cg.out --elems 32 --lib build/libvact.so gelu_fwd_avx2_fast

    ONEDNN_JIT_DUMP=1 ONEDNN_MAX_CPU_ISA=AVX2 valgrind ... \\
        --benchmark_filter='^onednn/gelu/fwd/n:65536/'
    python3 tools/loop_mca.py cg.out --elems 8 --jit dnnl_dump_cpu_jit_uni_kernel.0.bin

Without valgrind (AVX-512 code, which valgrind 3.19 does not run): --static
takes the loop from the disassembly alone, the first one the entry reaches
when each forward conditional branch is taken as not taken (the rare-lane
forms are out of line) and each jmp is followed: the common path of the
main loop.  GCC does not always lay the common path out that way (in
swish_fwd_avx512_fast it is the branches' targets): check the path against
where the time goes, e.g. PCs sampled with gdb while the benchmark runs
(`gdb -batch -p PID -ex 'p/x $pc'`, less the library's load address).  For
oneDNN's JIT dumps the entry is the dump's start; for AVX-512 use a model
that has it (--cpu icelake-server).

    python3 tools/loop_mca.py --static --elems 64 --cpu icelake-server \
        --lib build-bench/libvact.so mish_fwd_avx512_fast

A function's hot instructions are those executed at least half as often as
its most executed one: its main loop, one pass of it.  With several
functions (a kernel and the helpers it calls out of line), each is repeated
as often per pass as callgrind saw it run, relative to the first; calls and
returns become nops.  --elems is the elements one pass of the first
function's loop handles (vact's AVX2 element-wise loops: 4 vectors of 8;
oneDNN's AVX2 eltwise: 8).  --jit takes the hottest function callgrind could
not name (JIT code) and reads its bytes from oneDNN's dump of it, the
function's entry at the dump's start.  Printed: instructions and uops per
element, llvm-mca's simulated cycles per element, and the pipe with the most
work per element.  This is a model: it counts, it does not time.
"""
import argparse
import collections
import re
import subprocess
import sys


def costs(path):
    """Self cost per instruction address, per function, from callgrind's
    --dump-instr=yes output (positions 'instr line', event Ir)."""
    tables = {'ob': {}, 'fn': {}}  # callgrind's compressed names, by id
    per, cur, ob, last, skip, jit = {}, None, None, 0, False, set()
    for line in open(path):
        line = line.rstrip('\n')
        m = re.match(r'^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$', line)
        if m:
            table = tables[m.group(2)]
            if m.group(4):
                table[m.group(3)] = m.group(4)
            if m.group(1):  # cob=, cfn=: the callee's, only naming the id
                continue
            if m.group(2) == 'ob':
                ob = table.get(m.group(3))
            else:
                cur = table.get(m.group(3))
                if ob in (None, '???'):  # no object file: JIT code
                    jit.add(cur)
            continue
        if line.startswith('calls='):
            skip = True  # the next cost line is the call's inclusive cost
            continue
        if not line or line[0] not in '0123456789+-*':
            continue
        tok = line.split()
        t = tok[0]
        if t == '*':
            addr = last
        elif t[0] in '+-':
            v = int(t[1:], 16) if t[1:].startswith('0x') else int(t[1:])
            addr = last + v if t[0] == '+' else last - v
        else:
            addr = int(t, 16)
        last = addr
        if skip:
            skip = False
            continue
        if cur is not None and len(tok) >= 3:
            per.setdefault(cur, collections.Counter())[addr] += int(tok[2])
    return per, jit


def disassemble(args):
    cmd = ['objdump', '-d', '--no-show-raw-insn', args.lib] if args.lib else \
        ['objdump', '-D', '-b', 'binary', '-m', 'i386:x86-64', '--no-show-raw-insn', args.jit]
    ins = {}
    for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines():
        m = re.match(r'^\s+([0-9a-f]+):\s+(.*)$', line)
        if m:
            ins[int(m.group(1), 16)] = re.sub(r'\s+#.*$', '', m.group(2)).strip()
    return ins


def for_mca(t):
    """one disassembled instruction as llvm-mca reads it: calls and returns
    as nops, a branch as one to the loop's head (one uop; where it goes is
    not modelled)"""
    t = re.sub(r'<[^>]*>', '', t).strip()
    if t.startswith(('call', 'ret')):
        return 'nop'
    if re.match(r'^j\w+\s', t):
        return t.split()[0] + ' .Lloop'
    return t


def static_loop(ins, entry):
    """The common path of the first loop reached from entry: forward
    conditional branches not taken, jmp followed, up to the first backward
    conditional branch into the function (GCC puts a function's cold part
    below its entry: a branch there is a rare path, not a loop's back-edge);
    the addresses of the loop's body, in order."""
    order = sorted(ins)
    pos = {a: k for k, a in enumerate(order)}

    def walk(k):
        seen = []
        while k < len(order) and len(seen) < 20000:
            a = order[k]
            seen.append(a)
            m = re.match(r'^(j\w+)\s+(?:0x)?([0-9a-f]+)', ins[a])
            if m:
                tgt = int(m.group(2), 16)
                if m.group(1) == 'jmp':
                    if tgt not in pos:
                        return seen, None
                    k = pos[tgt]
                    continue
                if entry <= tgt <= a and tgt in pos:
                    return seen, tgt
            if ins[a].startswith('ret'):
                return seen, None
            k += 1
        return seen, None

    _, head = walk(pos[entry])
    if head is None:
        sys.exit('no loop reached from the entry')
    return walk(pos[head])[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('callgrind_out', nargs='?')
    ap.add_argument('--static', action='store_true',
                    help='the loop from the disassembly alone (no callgrind output)')
    ap.add_argument('--elems', type=float, required=True)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--lib', help='the shared library the functions are in')
    src.add_argument('--jit', help="oneDNN's dump of the JIT kernel")
    ap.add_argument('--cpu', default='znver3')
    ap.add_argument('--asm', help='also write the loop body here')
    ap.add_argument('funcs', nargs='*')
    args = ap.parse_intermixed_args()

    if args.static:
        # the positional argument, if any, is the function
        funcs = ([args.callgrind_out] if args.callgrind_out else []) + args.funcs
        ins = disassemble(args)
        if args.jit:
            entry = min(ins)
        else:
            sym = subprocess.run(['nm', args.lib], capture_output=True, text=True).stdout
            m = re.search(r'^([0-9a-f]+) [tT] %s$' % re.escape(funcs[0]), sym, re.M)
            if not m:
                sys.exit(f'no function {funcs[0]} in {args.lib}')
            entry = int(m.group(1), 16)
        body = [for_mca(ins[a]) for a in static_loop(ins, entry)]
        funcs = funcs[:1] if not args.jit else ['JIT dump']
        return report(args, funcs, body)
    if not args.callgrind_out:
        sys.exit('a callgrind output, or --static')
    per, jit = costs(args.callgrind_out)
    if args.jit:
        unnamed = [f for f in per if f in jit]
        funcs = [max(unnamed, key=lambda f: sum(per[f].values()))]
    else:
        funcs = args.funcs
    ins = disassemble(args)
    body, base = [], None
    for f in funcs:
        c = per[f]
        top = max(c.values())
        base = base or top
        off = int(f.split("'")[0], 16) if args.jit else 0
        lines = []
        for a in sorted(a for a, k in c.items() if k >= top / 2):
            if a - off not in ins:
                sys.exit(f'no instruction at {a - off:#x} in the disassembly')
            lines.append(for_mca(ins[a - off]))
        body += lines * max(1, round(top / base))
    report(args, funcs, body)


def report(args, funcs, body):
    """llvm-mca's model of the loop body, per element"""
    asm = '.Lloop:\n' + '\n'.join(body) + '\n'
    if args.asm:
        open(args.asm, 'w').write(asm)
    out = subprocess.run(['llvm-mca', f'-mcpu={args.cpu}', '-iterations=200'], input=asm,
                         capture_output=True, text=True, check=True).stdout
    it = int(re.search(r'Iterations:\s+(\d+)', out).group(1))
    n_ins = int(re.search(r'Instructions:\s+(\d+)', out).group(1)) / it
    uops = int(re.search(r'Total uOps:\s+(\d+)', out).group(1)) / it
    cyc = int(re.search(r'Total Cycles:\s+(\d+)', out).group(1)) / it
    res = re.findall(r'^\[([\d.]+)\]\s+-\s+(\S+)', out, re.M)
    row = out.split('Resource pressure per iteration:')[1].splitlines()[2].split()
    load = collections.defaultdict(float)
    for (_, name), v in zip(res, row):
        load[name] = max(load[name], 0.0 if v == '-' else float(v))
    pipe = max(load, key=load.get)
    e = args.elems
    print(f'{" + ".join(funcs)}: {n_ins / e:.2f} instructions, {uops / e:.2f} uops, '
          f'{cyc / e:.2f} simulated cycles per element; busiest {pipe}, '
          f'{load[pipe] / e:.2f} cycles per element ({args.cpu})')


if __name__ == '__main__':
    main()
