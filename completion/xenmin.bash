# SPDX-License-Identifier: MIT
# Bash completion for xenmin (installed as
# share/bash-completion/completions/xenmin). Nothing here lists commands or
# options: they are read, once per shell and binary, from the binary's own
# `xenmin help` and `xenmin COMMAND --help`, so a new command or option is
# completed without editing this file. It completes commands and verbs,
# each command's options, file names where the usage says FILE, and, when
# run as root, domain ids (and names, when xenmin knows any) from
# `xenmin domain list`. Multi-call links (xenmin-domain) are handled too.

# _xenmin_commands BIN: every command name, one per line. A line of the
# overview is "  WORD [WORD] Summary": the name is two words when `help`
# of those two words prints their usage, else one.
_xenmin_commands()
{
	local bin=$1 w1 w2 rest u
	"$bin" help 2>/dev/null | {
		while IFS= read -r u && [[ $u != Commands:* ]]; do :; done
		while read -r w1 w2 rest && [[ -n $w1 ]]; do
			u=$("$bin" help "$w1" "$w2" 2>/dev/null)
			u=${u%%$'\n'*}
			if [[ $u == "usage: xenmin $w1 $w2" || $u == "usage: xenmin $w1 $w2 "* ]]; then
				printf '%s\n' "$w1 $w2"
			else
				printf '%s\n' "$w1"
			fi
		done
	}
}

# _xenmin_load BIN: fills _xenmin_cmds (names, newline separated) for BIN,
# once per binary path.
_xenmin_load()
{
	[[ ${_xenmin_bin-} == "$1" ]] && return 0
	_xenmin_cmds=$(_xenmin_commands "$1")
	declare -gA _xenmin_help=()
	_xenmin_bin=$1
}

# _xenmin_usage BIN NAME: the usage line and option lines of NAME's help
# (cached).
_xenmin_usage()
{
	if [[ -z ${_xenmin_help[$2]+set} ]]; then
		# shellcheck disable=SC2086 # $2 is one or two words
		_xenmin_help[$2]=$("$1" $2 --help 2>/dev/null |
			grep -E '^(usage: |  +-)')
	fi
	printf '%s\n' "${_xenmin_help[$2]}"
}

# _xenmin_options TEXT: the option names in TEXT, one per line.
_xenmin_options()
{
	grep -oE -- '(^|[][ |,])--?[A-Za-z0-9][A-Za-z0-9-]*' <<<"$1" |
		sed 's/^[][ |,]//' | sort -u
}

# _xenmin_optarg TEXT OPT: the name of OPT's value ("FILE", "N") when OPT
# takes one, else nothing.
_xenmin_optarg()
{
	local v
	v=$(grep -oE -- "(^|[][ |,])$2[ =][A-Z][A-Z0-9_]*" <<<"$1" | head -n1)
	# "  -T, --timeout S": the short name takes the long one's value.
	[[ -n $v ]] || v=$(grep -oE -- "^ +$2, --[A-Za-z0-9-]+[ =][A-Z][A-Z0-9_]*" <<<"$1" | head -n1)
	[[ -z $v ]] || printf '%s\n' "${v##*[ =]}"
}

# _xenmin_reply: each line of stdin becomes one word of COMPREPLY.
_xenmin_reply()
{
	local l
	while IFS= read -r l; do
		COMPREPLY+=("$l")
	done
}

_xenmin_domains()
{
	"$1" domain list 2>/dev/null | awk 'NR > 1 { print $1; if ($NF != "-") print $NF }'
}

# The first words of the commands (objects and one-word commands), and
# the verbs of object $1.
_xenmin_firsts()
{
	cut -d' ' -f1 <<<"$_xenmin_cmds" | sort -u
}

_xenmin_verbs()
{
	awk -v o="$1" '$1 == o && NF == 2 { print $2 }' <<<"$_xenmin_cmds"
}

# _xenmin_operands BIN NAME HELP: complete $cur as an operand of command
# NAME, by what its usage line names (FILE, DOMID or DOMAIN, COMMAND); $words holds
# the operands before it.
_xenmin_operands()
{
	local args=${3%%$'\n'*}
	args=${args#"usage: xenmin $2"}
	if [[ $args == *FILE* ]]; then
		compopt -o filenames 2>/dev/null || :
		_xenmin_reply < <(compgen -f -- "$cur")
	fi
	if [[ $args == *DOMID* || $args == *DOMAIN* ]] && ((EUID == 0)); then
		_xenmin_reply < <(compgen -W "$(_xenmin_domains "$1")" -- "$cur")
	fi
	if [[ $args == *COMMAND* ]]; then
		if ((${#words[@]} == 0)); then
			_xenmin_reply < <(compgen -W "$(_xenmin_firsts)" -- "$cur")
		elif ((${#words[@]} == 1)); then
			_xenmin_reply < <(compgen -W "$(_xenmin_verbs "${words[0]}")" -- "$cur")
		fi
	fi
}

_xenmin()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prog=${COMP_WORDS[0]} bin name
	local -a words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
	local i w text val
	COMPREPLY=()

	bin=$(type -P -- "$prog" 2>/dev/null) || bin=$prog
	# A multi-call link xenmin-OBJECT: ask the binary it points to, as
	# `xenmin OBJECT`. (A binary merely named xenmin-something is not one.)
	bin=$(readlink -f -- "$bin" 2>/dev/null) || return 0
	_xenmin_load "$bin"
	w=${prog##*/}
	if [[ $w == xenmin-?* ]] && _xenmin_firsts | grep -qxF -- "${w#xenmin-}"; then
		words=("${w#xenmin-}" "${words[@]}")
	fi

	# Global options before the command.
	i=0
	while ((i < ${#words[@]})) && [[ ${words[i]} == -* ]]; do
		i=$((i + 1))
	done
	words=("${words[@]:i}")

	# Which command the words so far name.
	name=
	if ((${#words[@]} >= 2)) && grep -qxF -- "${words[0]} ${words[1]}" <<<"$_xenmin_cmds"; then
		name="${words[0]} ${words[1]}"
		words=("${words[@]:2}")
	elif ((${#words[@]} >= 1)) && grep -qxF -- "${words[0]}" <<<"$_xenmin_cmds"; then
		name=${words[0]}
		words=("${words[@]:1}")
	fi

	if [[ -z $name ]]; then
		if ((${#words[@]} == 0)) && [[ $cur == -* ]]; then
			text=$("$bin" help 2>/dev/null | sed -n '/^Global options:/,/^$/p')
			_xenmin_reply < <(compgen -W "$(_xenmin_options "$text") --help" -- "$cur")
		elif ((${#words[@]} == 0)); then
			_xenmin_reply < <(compgen -W "$(_xenmin_firsts)" -- "$cur")
		elif ((${#words[@]} == 1)); then
			_xenmin_reply < <(compgen -W "$(_xenmin_verbs "${words[0]}")" -- "$cur")
		fi
		return 0
	fi

	text=$(_xenmin_usage "$bin" "$name")
	# The value of an option: files for FILE, else nothing to offer.
	if ((${#words[@]})) && [[ ${words[-1]} == -* ]]; then
		val=$(_xenmin_optarg "$text" "${words[-1]}")
		if [[ $val == FILE ]]; then
			compopt -o filenames 2>/dev/null || :
			_xenmin_reply < <(compgen -f -- "$cur")
		fi
		[[ -z $val ]] || return 0
	fi
	if [[ $cur == -* ]]; then
		_xenmin_reply < <(compgen -W "$(_xenmin_options "$text") --help" -- "$cur")
	else
		_xenmin_operands "$bin" "$name" "$text"
	fi
	return 0
}
# xenmin, and the multi-call links on PATH (bash-completion loads this file
# for them through links named after them).
mapfile -t _xenmin_links < <(compgen -c -- xenmin- 2>/dev/null | sort -u)
complete -F _xenmin xenmin "${_xenmin_links[@]}"
unset _xenmin_links
