#!/bin/bash
# SPDX-License-Identifier: MIT
# The mechanical part of the house style (Linux kernel style; the rest is
# review's): every C file opens with its SPDX line, every script and CMake
# file too (after a shebang); C is indented with tabs (a line may start
# with a space only inside a block comment); no trailing whitespace or CR
# in C, scripts, bats and CMake files. Prints FILE:LINE: what, for each
# break, and exits 1 if there is one. run-all.sh runs it first.
set -u
cd "$(dirname "$0")/.."
bad=0
# The file list is git's: outside a work tree there would be nothing to
# check, and passing on nothing is not a pass.
git rev-parse --is-inside-work-tree > /dev/null || exit 1

# report FILE LINE WHAT
report() {
	echo "$1:$2: $3"
	bad=1
}

# spdx FILE WANT LINES: WANT is one of the first LINES lines.
spdx() {
	head -n "$3" "$1" | grep -qxF "$2" || report "$1" 1 "no '$2' line at the top"
}

while IFS= read -r f; do
	[ -f "$f" ] || continue
	case $f in
	tests/sched/*) continue ;; # corpus data: golden outputs quote line numbers
	*.c | *.h) kind=c ;;
	*.sh | *.bash | *.bats | *.cmake | CMakeLists.txt | */CMakeLists.txt) kind=script ;;
	*) if [ "$(head -c 2 "$f" | tr -d "\0")" = "#!" ]; then kind=script; else continue; fi ;;
	esac
	if [ $kind = c ]; then
		spdx "$f" '// SPDX-License-Identifier: MIT' 1
		grep -n '^ [^*]' "$f" | while IFS=: read -r n _; do
			echo "$f:$n: indented with spaces (kernel style: tabs)"
		done | grep . && bad=1
	else
		spdx "$f" '# SPDX-License-Identifier: MIT' 2
	fi
	grep -n $'[ \t]$' "$f" | while IFS=: read -r n _; do
		echo "$f:$n: trailing whitespace"
	done | grep . && bad=1
	grep -n $'\r' "$f" | while IFS=: read -r n _; do
		echo "$f:$n: carriage return"
	done | grep . && bad=1
done < <(git ls-files --cached --others --exclude-standard)
exit $bad
