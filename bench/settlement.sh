# Shared by bench/groupbuy and bench/funding: builds a module's load
# example, runs it on a fresh PostgreSQL database and on SQLite, and prints
# the settlement's time and transfer rate next to the raw transfer rate of
# the same run, with their ratio.
#
#   settlement_bench PACKAGE EXAMPLE WHAT COUNT SECONDS PROFILE TARGET
set -euo pipefail

settlement_bench() {
  local package=$1 example=$2 what=$3 count=$4 seconds=$5 profile=$6 target=$7
  # Global, as work and db are: the cleanup at exit reads them.
  postgres="${FREECO_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
  local build_flags=(--locked -p "$package" --example "$example")
  [ "$profile" = release ] && build_flags+=(--release)
  # A smoke run uses the debug build of the test command: all the
  # workspace's targets (one package alone resolves other features, and
  # rebuilds).
  [ "$profile" = debug ] && build_flags=(--locked --workspace --all-targets)
  cargo build "${build_flags[@]}"
  local load="target/$profile/examples/$example"

  work=$(mktemp -d)
  db="freeco_bench_${package}_$$"
  cleanup() {
    psql "$postgres" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$work"
  }
  trap cleanup EXIT
  psql "$postgres" -qAt -c "CREATE DATABASE $db" >/dev/null

  local backend url took transfers rate raw
  for backend in postgres sqlite; do
    if [ "$backend" = postgres ]; then
      url="${postgres%/*}/$db"
    else
      url="sqlite://$work/$package.sqlite3?mode=rwc"
    fi
    read -r took transfers rate raw < <("$load" "$url" "$count" "$seconds")
    printf '%s on %-9s settled %s %s in %6.2f s  %s transfers, %6.0f/s  raw transfers %6.0f/s  ratio=%.3f\n' \
      "$package" "$backend:" "$count" "$what" "$took" "$transfers" "$rate" "$raw" \
      "$(awk -v a="$rate" -v b="$raw" 'BEGIN {print a / b}')"
  done
  echo "($profile build, $(nproc) cores; target: $target)"
  [ "$profile" = release ] || echo "smoke run: a debug build's figures say nothing about the target"
}
