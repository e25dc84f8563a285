#!/usr/bin/env bash
# Compares two builds of the benchmarks jar (say, before and after a change to the core) in one
# session: runs them alternately, A B A B, and prints for each run ove's throughput and ping-pong
# latency as ratios to ArrayBlockingQueue measured in the same JVM, so the machine's noise cancels
# out of the comparison as far as it can.
#
#   ove-channel-benchmarks/compare.sh BEFORE.jar AFTER.jar [ROUNDS]
#
# Build a jar of another commit with: git worktree add ../before COMMIT &&
# (cd ../before && ./mvnw -q -B package -pl ove-channel-benchmarks -am -DskipTests)
set -euo pipefail
before=$1
after=$2
rounds=${3:-2}
out=$(mktemp -d)
jmh=(-f 1 -wi 2 -w 1s -i 3 -r 1s -p "implementation=ove,ArrayBlockingQueue" -rf csv)

run() { # label jar round
  local label=$1 jar=$2 round=$3
  for split in 1,1 2,2; do
    java -cp "$jar" org.openjdk.jmh.Main 'ThroughputBenchmark.transfer$' "${jmh[@]}" -p capacity=8,1024 \
      -tg "$split" -rff "$out/$label-$round-tp-$split.csv" > "$out/$label-$round-tp-$split.log" 2>&1
  done
  java -cp "$jar" org.openjdk.jmh.Main 'PingPongBenchmark' "${jmh[@]}" \
    -rff "$out/$label-$round-pp.csv" > "$out/$label-$round-pp.log" 2>&1
}

for round in $(seq 1 "$rounds"); do
  run before "$before" "$round"
  run after "$after" "$round"
done

# Ratios: ove / ArrayBlockingQueue per cell (throughput: higher is better; ping-pong: the ratio of
# mean round-trip times, lower is better).
python3 - "$out" "$rounds" <<'PY'
import csv, glob, sys, collections
out, rounds = sys.argv[1], int(sys.argv[2])
def cells(path):
    rows = collections.defaultdict(dict)
    with open(path) as f:
        for row in csv.DictReader(f):
            if ':' in row['Benchmark']:
                continue  # a group's per-method rows and sample percentiles: the total is enough
            params = {k[len('Param: '):]: v for k, v in row.items() if k.startswith('Param: ') and v}
            impl = params.pop('implementation')
            key = row['Benchmark'].rsplit('.', 1)[-1] + ' ' + ' '.join(f'{k}={v}' for k, v in sorted(params.items()))
            rows[key][impl] = float(row['Score'])
    return rows
print(f"{'cell':45} " + ' '.join(f'{l}-{r}' .rjust(9) for r in range(1, rounds + 1) for l in ('before', 'after'))
      + '  median-before  median-after')
keys = collections.OrderedDict()
table = {}
for label in ('before', 'after'):
    for r in range(1, rounds + 1):
        for path in sorted(glob.glob(f'{out}/{label}-{r}-*.csv')):
            split = path.rsplit('-', 1)[-1][:-4] if '-tp-' in path else ''
            for key, scores in cells(path).items():
                key = (key + (f' threads={split}' if split else '')).strip()
                keys[key] = None
                if 'ove' in scores and 'ArrayBlockingQueue' in scores:
                    table[(key, label, r)] = scores['ove'] / scores['ArrayBlockingQueue']
import statistics
for key in keys:
    medians = [statistics.median([table[(key, l, r)] for r in range(1, rounds + 1) if (key, l, r) in table] or [float('nan')])
               for l in ('before', 'after')]
    print(f'{key:45} ' + ' '.join(f"{table.get((key, l, r), float('nan')):9.2f}" for r in range(1, rounds + 1) for l in ('before', 'after'))
          + f'  {medians[0]:13.2f}  {medians[1]:12.2f}')
print(f'(raw JMH output in {out})')
PY
