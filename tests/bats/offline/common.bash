# SPDX-License-Identifier: MIT
# Shared setup for the offline bats tests: where the binaries under test
# are (XENMIN: the real static binary; XENMIN_FAKE: the same CLI over the
# fake hypervisor), and a fresh fake-system state file per test.
: "${XENMIN:=build/musl-x86_64/xenmin}"
: "${XENMIN_FAKE:=build/musl-x86_64/tests/xenmin-fake}"

# A fresh state file. Empty means the fake's default system, which only
# fx_reset() in tests/unit/fake_xen.c defines: 4.17.5, pool 0 arinc653
# {dom0}, pool 1 credit2 {1, 2}. The syntax: tests/unit/README.md.
fake_state() {
	export XM_FAKE_STATE="$BATS_TEST_TMPDIR/fake.state"
	: > "$XM_FAKE_STATE"
}

# fake_set LINE...: add a state line; it changes the fields it names
# (domain 1 pool 0) or adds an injection (fail ...). Later lines win.
fake_set() {
	echo "$*" >> "$XM_FAKE_STATE"
}

# fake_line KEYWORD [KEYS...]: the line the fake saved for one object
# (domain 1, console 2, a653 0), after it ran at least once.
fake_line() {
	awk -v k="$*" 'index($0 " ", k " ") == 1' "$XM_FAKE_STATE"
}

# fake_field KEYWORD KEY FIELD: one field of a saved line (domain 1 uuid).
fake_field() {
	fake_line "$1" "$2" | awk -v f="$3" '{ for (i = 1; i < NF; i++) if ($i == f) { print $(i + 1); exit } }'
}
