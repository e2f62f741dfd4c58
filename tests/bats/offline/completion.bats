#!/usr/bin/env bats
# SPDX-License-Identifier: MIT
# Bash completion (completion/xenmin.bash), driven as bash drives it:
# COMP_WORDS and COMP_CWORD set, _xenmin called, COMPREPLY read. The
# expected words come from the binary's help, parsed here on their own
# terms, and from a stand-in binary with a command the script has never
# seen; domain ids come from the fake hypervisor's state.
bats_require_minimum_version 1.7.0
load common

setup() {
	source completion/xenmin.bash
	fake_state
	T=$BATS_TEST_TMPDIR
}

# comp WORD...: complete the last word; the answer, sorted, in $reply.
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_xenmin
	reply=$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')
	reply=${reply% }
}

# The overview's commands, first words only.
first_words() {
	"$1" help | sed -n '/^Commands:/,/^$/p' | awk 'NF && !/:$/ { print $1 }' | sort -u | tr '\n' ' '
}

@test "first word: every command or object of \`xenmin help\`" {
	comp "$XENMIN" ""
	want=$(first_words "$XENMIN")
	[ "$reply" = "${want% }" ]
	comp "$XENMIN" do
	[ "$reply" = domain ]
	comp "$XENMIN" -t sched
	[ "$reply" = sched-arinc653 ]
}

@test "verbs of each object are those \`help OBJECT\` lists" {
	for obj in domain sched-arinc653 console; do
		want=$("$XENMIN" help "$obj" | awk '{ print $4 }' | sort | tr '\n' ' ')
		comp "$XENMIN" "$obj" ""
		[ "$reply" = "${want% }" ]
	done
	comp "$XENMIN" domain un
	[ "$reply" = unpause ]
}

@test "options of a command, short and long, and global options" {
	comp "$XENMIN" sched-arinc653 set --
	[ "$reply" = "--assign-uuids --dry-run --force --help --schedule --wait" ]
	comp "$XENMIN" console attach -
	for o in -a -e -f -H -n -T --all --follow --history --new --timeout; do
		[[ " $reply " == *" $o "* ]]
	done
	comp "$XENMIN" -
	[ "$reply" = "--domains --help --trace --version -t -V" ] || [ "$reply" = "--domains --help --trace --version -V -t" ]
}

@test "every option offered is one the command accepts" {
	local cmd o
	while read -r cmd; do
		comp "$XENMIN" $cmd -
		for o in $reply; do
			[ "$o" != --help ] || continue
			# A bad option after it: a usage error before anything runs,
			# naming $o only if $o itself is unknown.
			run -64 --separate-stderr "$XENMIN_FAKE" $cmd "$o" --no-such-option
			[[ "$stderr" != *"unknown option $o"* ]] || { echo "$cmd: $o"; false; }
		done
	done < <(_xenmin_commands "$XENMIN")
}

@test "after an option that takes a value: nothing, or files for FILE" {
	comp "$XENMIN" sched-arinc653 set --wait ""
	[ -z "$reply" ]
	comp "$XENMIN" console attach -T ""
	[ -z "$reply" ]
	comp "$XENMIN" sched-arinc653 get --pool ""
	[ -z "$reply" ]
}

@test "FILE operands complete file names" {
	mkdir "$T/d"
	touch "$T/d/flight.cfg" "$T/d/fleet.cfg" "$T/d/other"
	comp "$XENMIN" sched-arinc653 check "$T/d/fl"
	[ "$reply" = "$T/d/fleet.cfg $T/d/flight.cfg" ]
	comp "$XENMIN" sched-arinc653 set --dry-run "$T/d/o"
	[ "$reply" = "$T/d/other" ]
	# No file names where no FILE is expected.
	comp "$XENMIN" info "$T/d/fl"
	[ -z "$reply" ]
}

@test "DOMID operands: the ids of \`domain list\`, as root" {
	[ "$EUID" = 0 ] || skip "domain ids are completed for root only"
	comp "$XENMIN_FAKE" domain pause ""
	[ "$reply" = "0 1 2" ]
	comp "$XENMIN_FAKE" console attach --follow ""
	[ "$reply" = "0 1 2" ]
	fake_set domain 7 uuid 00000000-0000-4000-8000-0000000000d7 pool 1
	comp "$XENMIN_FAKE" domain unpause ""
	[ "$reply" = "0 1 2 7" ]
}

@test "help completes command names" {
	comp "$XENMIN" help ""
	want=$(first_words "$XENMIN")
	[ "$reply" = "${want% }" ]
	comp "$XENMIN" help domain p
	[ "$reply" = pause ]
}

@test "multi-call links: xenmin-domain completes as xenmin domain" {
	ln -s "$(realpath "$XENMIN_FAKE")" "$T/xenmin-domain"
	ln -s "$(realpath "$XENMIN_FAKE")" "$T/xenmin-sched-arinc653"
	comp "$T/xenmin-domain" ""
	[ "$reply" = "destroy list pause shutdown unpause wait watch" ]
	comp "$T/xenmin-sched-arinc653" check --
	[ "$reply" = "--help --json --strict" ]
	# Loaded for a link on PATH, the script registers that name too.
	PATH=$T:$PATH source completion/xenmin.bash
	[[ "$(complete -p xenmin-domain)" == "complete -F _xenmin xenmin-domain" ]]
	# xenmin-fake is no multi-call name: it completes as xenmin does.
	comp "$XENMIN_FAKE" do
	[ "$reply" = domain ]
}

@test "a command the script has never seen is completed" {
	# A stand-in binary whose help has one more object, with its options.
	cat > "$T/xenmin" <<-'EOS'
	#!/bin/bash
	if [ "$1" = help ] && [ $# = 1 ]; then
		printf 'usage: xenmin COMMAND\n\nCommands:\n'
		printf '  help                   Show help.\n'
		printf '  widget spin            Spin a widget.\n\nExit codes:\n   0  ok\n'
	elif [ "$1 $2 $3" = "help widget spin" ] || [ "$1 $2 $3" = "widget spin --help" ]; then
		printf 'usage: xenmin widget spin [--speed N] [--log FILE] FILE\n\nSpin.\n'
		printf '  --speed N   how fast\n  --log FILE  where to\n'
	elif [ "$1 $2" = "help widget" ]; then
		printf 'usage: xenmin widget spin [--speed N] [--log FILE] FILE\n'
	elif [ "$1" = help ]; then
		printf 'usage: xenmin help [COMMAND...]\n\nShow help.\n'
	fi
	EOS
	chmod +x "$T/xenmin"
	touch "$T/w.cfg"
	comp "$T/xenmin" w
	[ "$reply" = widget ]
	comp "$T/xenmin" widget ""
	[ "$reply" = spin ]
	comp "$T/xenmin" widget spin --
	[ "$reply" = "--help --log --speed" ]
	comp "$T/xenmin" widget spin --speed ""
	[ -z "$reply" ]
	comp "$T/xenmin" widget spin --log "$T/w"
	[ "$reply" = "$T/w.cfg" ]
	comp "$T/xenmin" widget spin "$T/w"
	[ "$reply" = "$T/w.cfg" ]
}
