# Sourced by the benchmarks that bench/run runs at its end: target FIGURE TARGET VALUE MET(1|0)
# appends one target for bench/run's table, as a JSON line, to $BENCH_TARGETS when it is set.
target() {
  [[ -n ${BENCH_TARGETS:-} ]] || return 0
  python3 -c 'import json,sys; print(json.dumps({"figure": sys.argv[1], "target": sys.argv[2], "value": sys.argv[3], "met": sys.argv[4] == "1"}))' "$@" >>"$BENCH_TARGETS"
}
