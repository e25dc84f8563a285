#!/usr/bin/env bash
# Compares ove-channel in two builds of the benchmarks jar (say, before and after a change to the
# core) the way the suite compares implementations: interleaved forks (before, after, before,
# after, ...), one paired ratio after/before per round, reported as the median and the range of
# the ratios. A range that contains 1.0 means the change is not shown to matter.
#
#   ove-channel-benchmarks/compare.sh BEFORE.jar AFTER.jar [ROUNDS] [CELL ...]
#
# A CELL is P,C,CAPACITY for the transfer benchmark (untimed send/recv, 100,000 messages a round)
# or pp,CAPACITY for the ping-pong round trip; the default cells are
# 1,1,8 2,2,8 4,4,8 1,1,1024 2,2,1024 pp,1. ROUNDS defaults to 5.
#
# Build a jar of another commit with: git worktree add ../before COMMIT &&
# (cd ../before && ./mvnw -q -B package -pl ove-channel-benchmarks -am -DskipTests)
set -euo pipefail
before=$1
after=$2
rounds=${3:-5}
shift $(( $# < 3 ? $# : 3 ))
cells=("$@")
[ ${#cells[@]} -gt 0 ] || cells=(1,1,8 2,2,8 4,4,8 1,1,1024 2,2,1024 pp,1)
out=$(mktemp -d)
jvm=(-jvmArgsAppend '-Xms512m -Xmx512m --add-exports java.base/jdk.internal.misc=ALL-UNNAMED')

fork() { # jar cell file
  local jar=$1 cell=$2 file=$3
  IFS=, read -r a b c <<< "$cell"
  if [ "$a" = pp ]; then
    java -cp "$jar" org.openjdk.jmh.Main '^io\.ove\.channel\.benchmarks\.PingPongBenchmark\.roundTrip$' \
      -p implementation=ove -p capacity="$b" -f 1 -wi 2 -w 1s -i 3 -r 1s "${jvm[@]}" -rf json -rff "$file" > "$file.log" 2>&1
  else
    java -cp "$jar" org.openjdk.jmh.Main '^io\.ove\.channel\.benchmarks\.TransferBenchmark\.transfer$' \
      -p implementation=ove -p producers="$a" -p consumers="$b" -p capacity="$c" -p messages=100000 \
      -p warmupMillis=2000 -f 1 -wi 2 -i 5 -bs 1 "${jvm[@]}" -rf json -rff "$file" > "$file.log" 2>&1
  fi
}

for cell in "${cells[@]}"; do
  for round in $(seq 1 "$rounds"); do
    for label in before after; do
      jar=$before; [ $label = after ] && jar=$after
      fork "$jar" "$cell" "$out/$cell-$round-$label.json"
      echo "cell $cell round $round $label done" >&2
    done
  done
done

python3 - "$out" "$rounds" "${cells[@]}" <<'PY'
import json, statistics, sys
out, rounds, cells = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def figure(path, pingpong):
    metric = json.load(open(path))[0]['primaryMetric']
    if pingpong:
        return metric['scorePercentiles']['50.0']          # p50 round trip, us: lower is better
    times = [t for fork in metric['rawData'] for t in fork]  # ms per round
    return 100000 / statistics.median(times) / 1e3          # M msg/s: higher is better
print(f"{'cell':12} {'before':>10} {'after':>10} {'after/before':>13}  range of {rounds} paired ratios")
for cell in cells:
    pp = cell.startswith('pp')
    b = [figure(f'{out}/{cell}-{r}-before.json', pp) for r in range(1, rounds + 1)]
    a = [figure(f'{out}/{cell}-{r}-after.json', pp) for r in range(1, rounds + 1)]
    ratios = sorted(x / y for x, y in zip(a, b))
    unit = 'us p50' if pp else 'M msg/s'
    verdict = 'level' if ratios[0] <= 1 <= ratios[-1] else ('after higher' if ratios[0] > 1 else 'after lower')
    print(f"{cell:12} {statistics.median(b):10.3g} {statistics.median(a):10.3g} {statistics.median(ratios):12.3g}x"
          f"  {ratios[0]:.3g}-{ratios[-1]:.3g} ({unit}; {verdict})")
PY
