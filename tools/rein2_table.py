#!/usr/bin/env python3
"""Best-so-far at fixed meta-steps for a folder of `rein2 train` runs (<meta>-<seed>/progress.csv),
with the paired PPO − random difference, as in docs/reference-figures.md §4."""
import csv, json, math, pathlib, statistics, sys
root = pathlib.Path(sys.argv[1])
marks = [int(m) for m in (sys.argv[2] if len(sys.argv) > 2 else "75,1000,2500").split(",")]
runs = {}
for d in sorted(root.iterdir()):
    if not (d / "progress.csv").exists():
        continue
    meta, seed = d.name.rsplit("-", 1)
    rows = list(csv.DictReader(open(d / "progress.csv")))
    best = {m: max(float(r["reward"]) for r in rows[:m]) for m in marks if len(rows) >= m}
    s = json.loads((d / "summary.json").read_text())
    runs[(meta, int(seed))] = dict(best=best, inner={m: int(rows[m - 1]["inner_env_steps"]) for m in marks if len(rows) >= m},
                                  final=s["final_eval_mean"], wall=s["wall_s"], mps=s["meta_steps_per_s"], ips=s["inner_env_steps_per_s"])
metas = sorted({m for m, _ in runs})
print("| meta | seeds | " + " | ".join(f"best@{m}" for m in marks) + " | best agent, 100 fresh episodes | inner env steps @" + str(marks[-1]) + " | meta steps/s | inner env steps/s |")
print("|---|---:|" + "---:|" * len(marks) + "---:|---:|---:|---:|")
for meta in metas:
    rs = [v for (m, _), v in sorted(runs.items()) if m == meta]
    cells = [f'{statistics.mean(r["best"][m] for r in rs):.1f}' for m in marks]
    print(f"| {meta} | {len(rs)} | " + " | ".join(cells) + f' | {statistics.mean(r["final"] for r in rs):.1f} | {statistics.mean(r["inner"][marks[-1]] for r in rs):,.0f} | '
          f'{statistics.median(r["mps"] for r in rs):,.0f} | {statistics.median(r["ips"] for r in rs):,.0f} |')
if "ppo" in metas and "random" in metas:
    seeds = sorted(s for (m, s) in runs if m == "ppo" and ("random", s) in runs)
    print()
    print("| mark | mean paired difference PPO − random | s.e. | t | PPO better on |")
    print("|---:|---:|---:|---:|---:|")
    for m in marks:
        d = [runs[("ppo", s)]["best"][m] - runs[("random", s)]["best"][m] for s in seeds]
        mean = statistics.mean(d); se = statistics.stdev(d) / math.sqrt(len(d)) if len(d) > 1 else float("nan")
        print(f"| {m} | {mean:+.1f} | {se:.1f} | {mean / se if se > 0 else float('nan'):.2f} | {sum(x > 0 for x in d)}/{len(d)} |")
