#!/usr/bin/env python3
"""Summarises docs/results/baselines/*/summary.json into the markdown table of docs/baselines.md."""
import json, statistics, sys, pathlib
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/results/baselines")
rows = {}
for f in sorted(root.glob("*/summary.json")):
    s = json.loads(f.read_text())
    rows.setdefault((s["algo"], s["env"]), []).append(s)
print("| algo | env | seeds | final eval (100 ep), per seed | median | solved at env step, per seed | env steps/s (median) | wall s (median) |")
print("|---|---|---:|---|---:|---|---:|---:|")
for (algo, env), ss in sorted(rows.items()):
    ss.sort(key=lambda s: s["seed"])
    evals = [s["final_eval_mean"] for s in ss]
    solved = ["never" if s["solved_at_env_step"] is None else f'{int(s["solved_at_env_step"]):,}' for s in ss]
    print(f'| {algo} | {env} | {len(ss)} | {" / ".join(f"{e:.1f}" for e in evals)} | {statistics.median(evals):.1f} | {" / ".join(solved)} | '
          f'{statistics.median(s["env_steps_per_s"] for s in ss):,.0f} | {statistics.median(s["wall_s"] for s in ss):.1f} |')
