#!/usr/bin/env bash
# The README's main command under `dotnet run` against the published NativeAOT binary on the same job
# (the default `rein2 train`: REIN-2 PPO on CartPole-v1, 2,500 meta steps, seed 0), interleaved so
# both see the same minutes of this VM's drifting speed (docs/performance.md, "dotnet run against the
# binary"). Prints one markdown row per run and the medians. Usage: tools/run_vs_binary.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-5}"
out="$(mktemp -d)"
dotnet build src/Rein2.Cli -c Release -nologo -v q >/dev/null
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -o "$out/aot" -nologo -v q >/dev/null
rate() { grep -oE '\(([0-9]+) meta steps/s\)' | grep -oE '[0-9]+'; }
echo "| round | dotnet run (meta steps/s) | binary (meta steps/s) | run / binary |"
echo "|---:|---:|---:|---:|"
for i in $(seq "$rounds"); do
  j=$(dotnet run -c Release --project src/Rein2.Cli -- train --out "$out/jit$i" 2>&1 | rate)
  a=$("$out/aot/rein2" train --out "$out/aot$i" 2>&1 | rate)
  echo "$j $a" >> "$out/rates"
  awk -v i="$i" -v j="$j" -v a="$a" 'BEGIN { printf "| %d | %d | %d | %.2f |\n", i, j, a, j / a }'
done
sort -n -k1 "$out/rates" | awk '{ j[NR]=$1 } END { m = (NR % 2) ? j[(NR+1)/2] : (j[NR/2] + j[NR/2+1]) / 2; printf "median dotnet run: %d\n", m }'
sort -n -k2 "$out/rates" | awk '{ a[NR]=$2 } END { m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median binary: %d\n", m }'
