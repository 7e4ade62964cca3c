#!/bin/sh
# SPDX-License-Identifier: MIT
# Every source file of the project carries an SPDX licence line (LICENSE:
# MIT).  tools/spdx.sh checks (tools/test.sh runs it); tools/spdx.sh --add
# puts the line at the top of the files that lack it (after a #! line).
set -eu
cd "$(dirname "$0")/.."
tag="SPDX-License-Identifier: MIT"
missing=0
for f in $(git ls-files '*.c' '*.h' '*.cc' '*.inc' '*.def' '*.py' '*.sh' '*.cmake' '*.in' \
        'CMakeLists.txt' '*/CMakeLists.txt' .ci/run); do
    head -n 3 "$f" | grep -q "$tag" && continue
    if [ "${1:-}" != --add ]; then
        echo "no SPDX line: $f" >&2
        missing=1
        continue
    fi
    case "$f" in
    *.c | *.h | *.cc | *.inc | *.def) line="/* $tag */" ;;
    *) line="# $tag" ;;
    esac
    if head -n 1 "$f" | grep -q '^#!'; then
        { head -n 1 "$f"; echo "$line"; tail -n +2 "$f"; } > "$f.spdx"
    else
        { echo "$line"; cat "$f"; } > "$f.spdx"
    fi
    chmod --reference="$f" "$f.spdx"
    mv "$f.spdx" "$f"
done
[ "$missing" = 0 ] && [ "${1:-}" != --add ] && echo "SPDX lines: every source file"
exit "$missing"
