#!/usr/bin/env bash
# The project's one test command:  bash scripts/test.sh [extra dotnet test args]
#
# Installs (if missing) and starts a throwaway PostgreSQL + RabbitMQ (scripts/services.sh), runs
# `dotnet test` on the solution with the TASKROUTING_TEST_* environment, always stops the servers,
# prints "N passed, N failed[, N skipped]" from the TRX files and exits with dotnet test's code.
#
# Settings: TR_RESULTS_DIR [artifacts/test-results], TR_SOLUTION [TaskRouting.sln, else
# TaskRouting.slnx], plus the TR_* settings of scripts/services.sh (ports, TR_STATE_DIR).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"
SERVICES="$ROOT/scripts/services.sh"
STATE_DIR="${TR_STATE_DIR:-/tmp/taskrouting-services}"
RESULTS_DIR="${TR_RESULTS_DIR:-artifacts/test-results}"

# Counts the outcomes of the top-level UnitTestResult elements of every .trx file under $1 that is
# newer than the marker file $2 (so results of earlier runs are not counted again).
summarize_trx() {
  local dir="$1" marker="$2"
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$dir" "$marker" <<'PY'
import os, sys, xml.etree.ElementTree as ET
root, marker = sys.argv[1], sys.argv[2]
since = os.path.getmtime(marker) if os.path.exists(marker) else 0
passed = failed = skipped = files = 0
for d, _, names in os.walk(root):
    for n in sorted(names):
        p = os.path.join(d, n)
        if not n.endswith(".trx") or os.path.getmtime(p) < since:
            continue
        files += 1
        try:
            tree = ET.parse(p)
        except ET.ParseError as e:
            print(f"warning: cannot parse {p}: {e}", file=sys.stderr)
            failed += 1
            continue
        for results in tree.getroot().iter():
            if not results.tag.endswith("}Results") and results.tag != "Results":
                continue
            # direct children only: data-driven rows nested under InnerResults are not counted twice
            for r in results:
                if not r.tag.endswith("UnitTestResult"):
                    continue
                o = r.get("outcome", "")
                if o == "Passed":
                    passed += 1
                elif o in ("NotExecuted", "Inconclusive", "Pending", "Disconnected", "NotRunnable"):
                    skipped += 1
                else:  # Failed, Error, Timeout, Aborted, ...
                    failed += 1
line = f"{passed} passed, {failed} failed"
if skipped:
    line += f", {skipped} skipped"
if files == 0:
    line += f" (no .trx results found under {root})"
print(line)
PY
  else
    # rough fallback without python3: also counts the nested rows of MSTest data-driven tests
    local passed=0 failed=0 skipped=0 f
    local -a newer=()
    [[ -e "$marker" ]] && newer=(-newer "$marker")
    while IFS= read -r -d '' f; do
      passed=$((passed + $({ grep -o '<UnitTestResult [^>]*outcome="Passed"' "$f" || true; } | wc -l)))
      failed=$((failed + $({ grep -o '<UnitTestResult [^>]*outcome="Failed"' "$f" || true; } | wc -l)))
      skipped=$((skipped + $({ grep -o '<UnitTestResult [^>]*outcome="NotExecuted"' "$f" || true; } | wc -l)))
    done < <(find "$dir" -name '*.trx' "${newer[@]}" -print0 2>/dev/null)
    local line="$passed passed, $failed failed"
    (( skipped == 0 )) || line+=", $skipped skipped"
    echo "$line"
  fi
}

# `bash scripts/test.sh --summarize-trx DIR` only prints the summary of the .trx files in DIR
if [[ "${1:-}" == "--summarize-trx" ]]; then
  summarize_trx "${2:?usage: test.sh --summarize-trx DIR}" /nonexistent
  exit 0
fi

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: 'dotnet' is not on PATH (the .NET 10 SDK is required)" >&2; exit 1; }

SOLUTION="${TR_SOLUTION:-}"
if [[ -z "$SOLUTION" ]]; then
  if [[ -f TaskRouting.sln ]]; then SOLUTION=TaskRouting.sln
  elif [[ -f TaskRouting.slnx ]]; then SOLUTION=TaskRouting.slnx
  else SOLUTION=TaskRouting.sln   # dotnet test will say it is missing
  fi
fi

bash "$SERVICES" install

MARKER="$(mktemp)"   # .trx files older than this belong to earlier runs
cleanup() {
  rm -f "$MARKER"
  bash "$SERVICES" stop || echo "test.sh: stopping the services failed" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

bash "$SERVICES" start
# shellcheck disable=SC1091
source "$STATE_DIR/env.sh"
mkdir -p "$RESULTS_DIR"

# LogFilePrefix rather than LogFileName: with LogFileName every test project of the solution writes
# the same file and only the last one survives (microsoft/vstest#3026). The prefix gives one
# results_<tfm>_<timestamp>.trx per project and test run.
set +e
dotnet test "$SOLUTION" -c Release \
  --logger "console;verbosity=normal" \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$RESULTS_DIR" \
  "$@"
rc=$?
set -e

echo
summarize_trx "$RESULTS_DIR" "$MARKER"
exit "$rc"
