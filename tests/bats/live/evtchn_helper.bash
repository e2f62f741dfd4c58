# SPDX-License-Identifier: MIT
# What the evtchn live tests share on every bed: xenmin's view of a domain's ports as
# "PORT STATE VCPU REMOTE_DOMID REMOTE_PORT IRQ" lines (from --json, read with jq on the
# host), the same lines from Xen's own dump (debug key 'e', through the bed's serial
# console), which is the independent witness, and the check that both ends of each
# interdomain channel name each other.

# xm_ports DOMID: xenmin's ports of DOMID, one line each, sorted by port.
xm_ports() {
	guest xenmin evtchn list --json "$1" | jq -r '.[] |
		"\(.port) \(.state) \(.vcpu) \(.remote_domid // "-") \(.remote_port // "-") \(.pirq // .virq // "-")"'
}

# dump_ports DUMP DOMID: the ports Xen's 'e' dump shows for DOMID, as xm_ports prints
# them. Xen's states (ECS_*): 2 unbound (d=), 3 interdomain (d= p=), 4 pirq (p=), 5 virq
# (v=), 6 ipi; 0 (free) is never printed, 1 (reserved: port 0) is not a channel.
dump_ports() {
	awk -v d="$2" '
		/Event channel information for domain / { on = ($NF == d ":"); next }
		!on || $2 !~ /^[0-9]+$/ || $3 !~ /^\[/ { next }
		{
			s = n = rd = rp = v = "-"
			for (i = 4; i <= NF; i++) {
				split($i, kv, "=")
				if (kv[1] == "s") s = kv[2]
				else if (kv[1] == "n") n = kv[2]
				else if (kv[1] == "d") rd = kv[2]
				else if (kv[1] == "p") rp = kv[2]
				else if (kv[1] == "v") v = kv[2]
			}
			if (s == 1) next
			if (s == 2) print $2, "unbound", n, rd, "-", "-"
			else if (s == 3) print $2, "interdomain", n, rd, rp, "-"
			else if (s == 4) print $2, "pirq", n, "-", "-", rp
			else if (s == 5) print $2, "virq", n, "-", "-", v
			else if (s == 6) print $2, "ipi", n, "-", "-", "-"
			else print $2, "state" s, n, "-", "-", "-"
		}' <<< "$1" | sort -n
}

# xen_evtchn_dump: Xen's 'e' dump, timestamps dropped, and so is a dom0 kernel message
# the console put in a line of it (seen in CI: "... d=0 p=20<1>uart interrupt taking more
# than 4ms, switched to polling"): from its printk level "<N>" on.
xen_evtchn_dump() {
	xen_keys e | tr -d '\r' | sed -e 's/^(XEN) \[ *[0-9.]*\] /(XEN) /' -e 's/<[0-7]>.*$//'
}

# same_ports DOMID DUMP: xenmin's ports of DOMID are exactly those of Xen's dump. Ports
# that change between the two reads (a guest binding one) are the caller's to avoid.
same_ports() {
	local xm xen
	xm=$(xm_ports "$1")
	xen=$(dump_ports "$2" "$1")
	# A domain may have no port at all (a dom0less domU without static channels), but
	# the dump must have reached its part.
	grep -q "Event channel information for domain $1:" <<< "$2" ||
		{ echo "Xen's dump has no part for domain $1"; return 1; }
	[ "$xm" = "$xen" ] || { printf 'domain %s\nxenmin:\n%s\nXen (key e):\n%s\n' "$1" "$xm" "$xen"; return 1; }
}

# both_ends DOMID: every interdomain port of DOMID is named back by the port at its other
# end, in xenmin's list of that domain.
both_ends() {
	local port state rd rp back
	while read -r port state _ rd rp _; do
		[ "$state" = interdomain ] || continue
		back=$(xm_ports "$rd" | awk -v p="$rp" '$1 == p')
		awk -v d="$1" -v p="$port" '$2 == "interdomain" && $4 == d && $5 == p { ok = 1 } END { exit !ok }' <<< "$back" ||
			{ echo "domain $1 port $port -> domain $rd port $rp, which says: ${back:-nothing}"; return 1; }
	done < <(xm_ports "$1")
}
