#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# The manual pages follow the code: every command that `xenmin help`
# lists has an entry in xenmin(8), every option its `--help` prints is in
# that entry, every global option and exit code is there, no entry names a
# command that does not exist; and mandoc -Tlint finds nothing in either
# page. The commands and options are read from the binary, so a new
# command fails here until it is documented.
bats_require_minimum_version 1.7.0
load common

MAN8=man/man8/xenmin.8
MAN5=man/man5/xenmin-schedule.5

# Command names, one per line: an overview line names two words when
# `help` of those two words prints their usage, else one.
commands() {
	local w1 w2 rest u
	"$XENMIN" help | sed -n '/^Commands:/,/^$/p' | sed '1d;/^$/d' |
		while read -r w1 w2 rest; do
			u=$("$XENMIN" help "$w1" "$w2" | head -n1)
			if [[ $u == "usage: xenmin $w1 $w2" || $u == "usage: xenmin $w1 $w2 "* ]]; then
				echo "$w1 $w2"
			else
				echo "$w1"
			fi
		done
}

# Option names in the usage line and the option lines of a help text.
options() {
	grep -E '^(usage: |  +-)' | grep -oE -- '(^|[][ |,])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[][ |,]//' | sort -u
}

# The mdoc source of one command's entry: from its ".It Cm NAME" to the
# next command's.
entry() {
	awk -v name="$1" '
		/^\.It Cm [a-z]/ { on = (index($0, ".It Cm " name " ") == 1 || $0 == ".It Cm " name) }
		/^\.Sh / { on = 0 }
		on' "$MAN8"
}

# mdoc writes --json as "Fl -json" and -e as "Fl e".
documented() {
	local o=${2#-}
	grep -qE -- "(^|[ ])Fl ${o}([ ,]|$)" <<<"$1"
}

@test "the command list is read from the binary" {
	run -0 commands
	[ "${#lines[@]}" -ge 10 ]
	[[ " ${lines[*]} " == *" domain list "* ]]
	[[ " ${lines[*]} " == *" info "* ]]
}

@test "xenmin(8) has an entry for every command, with every option" {
	local cmd o e missing=
	while read -r cmd; do
		e=$(entry "$cmd")
		if [ -z "$e" ]; then
			missing+=" [$cmd]"
			continue
		fi
		for o in $("$XENMIN" $cmd --help | options); do
			[ "$o" != --help ] && [ "$o" != -h ] || continue
			documented "$e" "$o" || missing+=" [$cmd $o]"
		done
	done < <(commands)
	[ -z "$missing" ] || { echo "not in $MAN8:$missing"; false; }
}

@test "xenmin(8) documents no command that does not exist" {
	local cmds name
	cmds=$(commands)
	while read -r name; do
		grep -qxF -- "$name" <<<"$cmds" || { echo "stale entry: $name"; false; }
	done < <(sed -n '/^\.Sh COMMANDS/,/^\.Sh /p' "$MAN8" | grep '^\.It Cm ' |
		sed -E 's/^\.It Cm //; s/ (Op|Oo|Ar|Fl) .*//; s/ (Op|Oo|Ar|Fl)$//')
}

@test "xenmin(8) has the global options, before the commands" {
	local o head
	head=$(sed '/^\.Sh COMMANDS/q' "$MAN8")
	for o in $("$XENMIN" help | sed -n '/^Global options:/,/^$/p' | options) -h --help; do
		documented "$head" "$o" || { echo "global option $o missing"; false; }
	done
}

@test "EXIT STATUS has every code of the table, and only those" {
	local codes man
	codes=$("$XENMIN" help | sed -n '/^Exit codes:/,$p' | awk '$1 ~ /^[0-9]+$/ { print $1 }')
	man=$(sed -n '/^\.Sh EXIT STATUS/,/^\.Sh /p' "$MAN8" | awk '$1 == ".It" { print $2 }')
	[ -n "$codes" ]
	[ "$codes" = "$man" ]
}

@test "xenmin(8) has the sections the issue asks for" {
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS "EXIT STATUS" ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
		grep -qx ".Sh $s" "$MAN8"
	done
	grep -qx '.Sh FILES' "$MAN5" && grep -qx '.Sh EXAMPLES' "$MAN5"
}

@test "mandoc -Tlint: nothing to report" {
	command -v mandoc
	# mandoc looks cross-references up among the installed pages only; the
	# two pages refer to each other, which this tree holds.
	[ -f "$MAN8" ]
	[ -f "$MAN5" ]
	run mandoc -Tlint "$MAN8" "$MAN5"
	printf '%s\n' "$output"
	local rest
	rest=$(grep -vE 'STYLE: referenced manual not found: Xr (xenmin 8|xenmin-schedule 5)' <<<"$output" || :)
	[ -z "$rest" ]
}
