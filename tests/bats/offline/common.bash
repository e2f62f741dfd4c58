# SPDX-License-Identifier: MIT
# Shared setup for the offline bats tests: where the binaries under test
# are (XENMIN: the real static binary; XENMIN_FAKE: the same CLI over the
# fake hypervisor), and a fresh fake-system state file per test.
: "${XENMIN:=build/musl-x86_64/xenmin}"
: "${XENMIN_FAKE:=build/musl-x86_64/tests/xenmin-fake}"

# A fake system: 4.17.5, pool 0 arinc653 {dom0}, pool 1 credit2 {1, 2}.
fake_state() {
	export XM_FAKE_STATE="$BATS_TEST_TMPDIR/fake.state"
	cat > "$XM_FAKE_STATE" <<-'EOS'
	version 4 17 .5
	ifver 15 15
	self 0
	pool 0 7 1
	a653 0 10000000 1 00000000-0000-0000-0000-000000000000 0 10000000
	pool 1 6 2
	a653 1 0 0
	domain 0 00000000-0000-0000-0000-000000000000 0 1 131072 131072 20 0 7200000000
	domain 1 00000000-0000-4000-8000-0000000000d1 1 1 32768 33024 10 0 3800000000
	domain 2 00000000-0000-4000-8000-0000000000d2 1 1 32768 33024 0 0 0
	EOS
}

# Change one line of the fake state: fake_set KEY VALUE...
fake_set() {
	local key=$1
	shift
	sed -i "/^$key /d" "$XM_FAKE_STATE"
	echo "$key $*" >> "$XM_FAKE_STATE"
}
