# The checks rmapreport's test scripts share (sourced): fail marks the
# test failed and goes on, so one run reports every broken check. The
# sourcing script sets bin (rmapreport) and tmp (its scratch folder).
failed=0

fail() {
	echo "FAIL: $*"
	failed=1
}

has() {	# has FILE STRING: the file holds the exact line fragment
	grep -qF -- "$2" "$1" || fail "$1 lacks: $2"
}

# bad INPUT ARGS...: exit non-zero, exactly one line on stderr
bad() {
	what=$1
	shift
	if "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; then
		fail "$what: exit status 0"
	fi
	[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		fail "$what: stderr is not one line: $(cat "$tmp/err")"
	grep -q '^rmapreport: ' "$tmp/err" || fail "$what: no rmapreport: prefix"
}
