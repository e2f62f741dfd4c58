#!/bin/bash
# SPDX-License-Identifier: MIT
# Test of the build's format check (fmtcheck.py), run by CTest: the
# checker must reject, at the right line, exactly the specs that the
# "want:" comments of sample_bad*.c name (written by hand, not by the
# checker), must pass sample_good.c and the tree, and must agree with
# include/xio.h on the widest field.
#
#   test_fmtcheck.sh PYTHON PREPROCESSED...   (cc -E output of the samples,
#                                             named after their sources)
set -u
py=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

bad=() good=()
for i in "$@"; do
	case $(basename "$i") in
	sample_good.*) good+=("$i") ;;
	sample_bad*) bad+=("$i") ;;
	esac
done
[ ${#bad[@]} -gt 0 ] && [ ${#good[@]} = 1 ] || { fail "samples missing: $*"; exit 1; }

# Wanted: "file:line spec" for every spec of every "/* want: A, B */".
want=$(for i in "${bad[@]}"; do
	src=$(basename "$i"); src=${src%%.c*}.c
	grep -n '/\* want: .* \*/$' "$here/$src" |
		sed 's|^\([0-9]*\):.*/\* want: \(.*\) \*/$|\1 \2|' |
		while read -r line specs; do
			printf '%s\n' "$specs" | sed 's/, /\n/g' |
				while IFS= read -r s; do echo "$src:$line $s"; done
		done
done | sort)

out=$("$py" "$here/fmtcheck.py" --dir "$here" --dir "$root/include" "${bad[@]}" 2>&1)
rc=$?
[ $rc = 1 ] || fail "bad samples: exit $rc, want 1"
got=$(printf '%s\n' "$out" | sed -n "s|^\(.*\):\([0-9]*\): [a-z_]*: \(.*\) is outside xio's .*|\1:\2 \3|p" |
	sed 's|^.*/||' | sort)
if [ "$want" != "$got" ]; then
	fail "reports differ from the want: comments"
	diff <(echo "$want") <(echo "$got") | sed 's/^/  /'
fi
n=$(echo "$want" | wc -l)
echo "bad samples: $n specs wanted, $(echo "$got" | grep -c .) reported"
[ "$n" -ge 20 ] || fail "too few wanted specs ($n): sample_bad.c not read?"

out=$("$py" "$here/fmtcheck.py" --dir "$here" --dir "$root/include" "${good[@]}" 2>&1)
rc=$?
[ $rc = 0 ] || { fail "good sample: exit $rc"; echo "$out"; }
echo "good sample: $out"
# A good file must have been read, not skipped: all its calls counted.
case $out in *" 14 format strings "*) ;; *) fail "good sample: want 14 format strings" ;; esac

# The same bound in both places.
w_h=$(sed -n 's/^#define XM_FMT_WIDTH_MAX \([0-9]*\).*/\1/p' "$root/include/xio.h")
w_py=$(sed -n 's/^WIDTH_MAX = \([0-9]*\).*/\1/p' "$here/fmtcheck.py")
[ -n "$w_h" ] && [ "$w_h" = "$w_py" ] || fail "XM_FMT_WIDTH_MAX $w_h, fmtcheck.py $w_py"

[ $fails = 0 ] && echo "fmtcheck test: ok"
[ $fails = 0 ]
