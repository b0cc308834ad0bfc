#!/usr/bin/env bash
# The NativeAOT binary against the JIT build on `rein2 bench` (docs/performance.md, "NativeAOT vs JIT").
# Publishes the portable x86-64-v3 binary and a -p:IlcInstructionSet=native one, then runs each
# build 3 times and keeps the best time per workload:
#   JIT                      dotnet rein2.dll (AVX-512 where the CPU has it)
#   JIT, AVX-512 off         DOTNET_EnableAVX512=0 (the same ISA as the portable binary)
#   AOT x86-64-v3            the default publish
#   AOT native               -p:IlcInstructionSet=native
# Prints a markdown table of ns per call / per env step.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/rein2-aot}"
dotnet build src/Rein2.Cli -c Release -nologo -v q >/dev/null
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -o "$out/v3" -nologo -v q >/dev/null
dotnet publish src/Rein2.Cli -c Release -r linux-x64 -p:IlcInstructionSet=native -o "$out/native" -nologo -v q >/dev/null
jit="dotnet src/Rein2.Cli/bin/Release/net10.0/rein2.dll"
run() { for i in 1 2 3; do env $1 $2 bench; done | grep -v '^SIMD' | sed -E 's/ +([0-9.]+) ns per.*/|\1/' ; }
{
  run "A=1" "$jit" | sed 's/^/jit|/'
  run "DOTNET_EnableAVX512=0" "$jit" | sed 's/^/jit256|/'
  run "A=1" "$out/v3/rein2" | sed 's/^/aotv3|/'
  run "A=1" "$out/native/rein2" | sed 's/^/aotnative|/'
} | awk -F'|' '
  { key=$2; gsub(/ +$/, "", key); v=$3+0; cfg=$1
    if (!(key in seen)) { order[++n]=key; seen[key]=1 }
    if (!((cfg,key) in best) || v < best[cfg,key]) best[cfg,key]=v }
  END {
    print "| workload (ns) | JIT | AOT native | native/JIT | JIT, AVX-512 off | AOT x86-64-v3 | v3/JIT-256 |"
    print "|---|---:|---:|---:|---:|---:|---:|"
    for (i=1; i<=n; i++) { k=order[i]
      printf "| %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |\n", k, best["jit",k], best["aotnative",k], best["aotnative",k]/best["jit",k], best["jit256",k], best["aotv3",k], best["aotv3",k]/best["jit256",k] }
  }'
