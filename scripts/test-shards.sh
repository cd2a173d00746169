#!/usr/bin/env bash
# The test run of `make test`: every package's tests, with internal/app's end-to-end tests
# (nearly all of the wall time, mostly spent waiting on timers, workflows and browsers) split
# into TEST_SHARDS processes running at the same time.
#
#   scripts/test-shards.sh              run everything; exit status non-zero if anything failed
#   scripts/test-shards.sh durations    rewrite scripts/test-durations.txt from the last run's logs
#
# The internal/app test binary is built once; its tests (-test.list) are dealt out to the
# shards by their durations in scripts/test-durations.txt (longest first, each to the shard
# with the least work so far; a test missing from the file goes to the lightest shard). Each
# shard is a separate process run in the package directory, as `go test` does, so it starts
# its own FerretDB and Temporal dev server, and its tests still run one after another: a
# test that stops its process's shared server disturbs nobody. The other packages run with
# `go test` at the same time. Logs: var/test/logs/ (app-shard-K.log, other-packages.log).
#
# Environment: GO (go), TEST_SHARDS (4), TEST_TIMEOUT (45m, per process).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
GO=${GO:-go}
SHARDS=${TEST_SHARDS:-4}
TIMEOUT=${TEST_TIMEOUT:-45m}
APP=internal/app
LOGS=var/test/logs
DURATIONS=scripts/test-durations.txt

# durations: "TestName seconds" for every top-level test of the shard logs, longest first.
if [ "${1:-}" = durations ]; then
	cat "$LOGS"/app-shard-*.log |
		sed -nE 's/^--- (PASS|FAIL|SKIP): ([A-Za-z0-9_]+) \(([0-9.]+)s\)$/\2 \3/p' |
		sort -k2,2 -rn >"$DURATIONS"
	echo "$DURATIONS: $(wc -l <"$DURATIONS") tests"
	exit 0
fi

case $SHARDS in '' | *[!0-9]* | 0) echo "TEST_SHARDS must be a positive number, not '$SHARDS'" >&2; exit 2 ;; esac
mkdir -p "$LOGS"
rm -f "$LOGS"/app-shard-*.log "$LOGS"/other-packages.log
# The tests run `go build` themselves and expect the toolchain's go first on PATH, as
# `go test` arranges.
GOROOT=$($GO env GOROOT) || exit 1
export GOROOT PATH="$GOROOT/bin:$PATH"

start=$(date +%s)
bin=$ROOT/$LOGS/app.test
echo "building the $APP test binary"
$GO test -c -o "$bin" "./$APP" || exit 1

# Deal the tests out: sort by recorded duration (unknown: after all known ones), then give
# each to the shard with the least recorded time so far; an unknown test counts as the
# average known duration, so several unknown ones spread over the shards.
list=$(cd "$APP" && "$bin" -test.list '.*' | grep -E '^(Test|Fuzz|Example)') || { echo "listing the $APP tests failed" >&2; exit 1; }
mapfile -t shardRuns < <(
	awk -v n="$SHARDS" '
		FILENAME == ARGV[1] { dur[$1] = $2; sum += $2; cnt++; next }
		{ names[++m] = $1 }
		END {
			avg = cnt ? sum / cnt : 1
			for (i = 1; i <= m; i++) { w[i] = (names[i] in dur) ? dur[names[i]] : -1 }
			# selection sort by weight, descending (a few hundred tests)
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (w[j] > w[i]) {
				t = w[i]; w[i] = w[j]; w[j] = t; t = names[i]; names[i] = names[j]; names[j] = t }
			for (k = 1; k <= n; k++) { load[k] = 0; run[k] = "" }
			for (i = 1; i <= m; i++) {
				best = 1
				for (k = 2; k <= n; k++) if (load[k] < load[best]) best = k
				load[best] += (w[i] < 0 ? avg : w[i])
				run[best] = run[best] (run[best] == "" ? "" : "|") names[i]
			}
			for (k = 1; k <= n; k++) printf "%.0f %s\n", load[k], run[k]
		}' <(cat "$DURATIONS" 2>/dev/null) <(printf '%s\n' "$list")
)

declare -A job # pid -> name
for k in "${!shardRuns[@]}"; do
	est=${shardRuns[$k]%% *} run=${shardRuns[$k]#* }
	[ -n "$run" ] || continue
	log=$LOGS/app-shard-$((k + 1)).log
	echo "shard $((k + 1)): $(tr '|' '\n' <<<"$run" | wc -l) tests, ~${est}s recorded -> $log"
	(cd "$APP" && exec "$bin" -test.run "^($run)\$" -test.count=1 -test.timeout "$TIMEOUT" -test.v >"$ROOT/$log" 2>&1) &
	job[$!]=app-shard-$((k + 1))
done

others=$($GO list ./... | grep -vx "$($GO list "./$APP")") || exit 1
echo "other packages: go test (also in $LOGS/other-packages.log)"
# shellcheck disable=SC2086
( $GO test -count=1 -timeout "$TIMEOUT" $others 2>&1 | tee "$LOGS/other-packages.log"; exit "${PIPESTATUS[0]}" ) &
job[$!]=other-packages

status=0 failed=()
while [ ${#job[@]} -gt 0 ]; do
	wait -n -p pid "${!job[@]}"
	rc=$? name=${job[$pid]}
	unset "job[$pid]"
	if [ $rc = 0 ]; then
		echo "ok   $name ($(($(date +%s) - start))s since start)"
	else
		status=1 failed+=("$name")
		echo "FAIL $name (exit status $rc, $(($(date +%s) - start))s since start)"
	fi
done
for name in "${failed[@]}"; do
	log=$LOGS/$name.log
	echo
	echo "======== $name failed: $log"
	grep -E '^\s*--- FAIL|^FAIL|^panic:' "$log"
	echo "-------- last lines of $log"
	tail -n 80 "$log"
done
echo "tests: $([ $status = 0 ] && echo ok || echo "FAILED (${failed[*]})") in $(($(date +%s) - start))s"
exit $status
