#!/usr/bin/env python3
"""Summarises docs/results/baselines/*/summary.json into the markdown table of docs/baselines.md."""
import json, statistics, sys, pathlib
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs/results/baselines")
THRESH = {"CartPole-v1": 475, "Acrobot-v1": -100, "MountainCar-v0": -110}

def train_solved(run_dir, env):
    """First 10k-step checkpoint where the mean of the last 100 training episodes reaches the
    threshold: the way SB3 reward traces (docs/reference-figures.md §3) are read."""
    eps = [l.split(",") for l in (run_dir / "monitor.csv").read_text().splitlines()[1:]]
    eps = [(float(r), int(step)) for r, _, step in eps]
    last = max(step for _, step in eps)
    for cp in range(10_000, last + 10_000, 10_000):
        done = [r for r, step in eps if step <= cp][-100:]
        if done and sum(done) / len(done) >= THRESH[env]:
            return cp
    return None

rows = {}
for f in sorted(root.glob("*/summary.json")):
    s = json.loads(f.read_text())
    s["train_solved"] = train_solved(f.parent, s["env"])
    rows.setdefault((s["algo"], s["env"]), []).append(s)
print("| algo | env | final eval (100 ep) per seed | median | train ep_rew_mean (last 100) per seed | median | eval solved at (env step) | train solved at (10k checkpoints) | env steps/s (median) | wall s (median) |")
print("|---|---|---|---:|---|---:|---|---|---:|---:|")
for (algo, env), ss in sorted(rows.items()):
    ss.sort(key=lambda s: s["seed"])
    evals = [s["final_eval_mean"] for s in ss]
    solved = ["never" if s["solved_at_env_step"] is None else f'{int(s["solved_at_env_step"]):,}' for s in ss]
    train = [s["train_ep_rew_mean_last100"] for s in ss]
    tsolved = " / ".join("never" if s["train_solved"] is None else str(s["train_solved"] // 1000) + "k" for s in ss)
    print(f'| {algo} | {env} | {" / ".join(f"{e:.1f}" for e in evals)} | {statistics.median(evals):.1f} | '
          f'{" / ".join(f"{e:.1f}" for e in train)} | {statistics.median(train):.1f} | {" / ".join(solved)} | {tsolved} | '
          f'{statistics.median(s["env_steps_per_s"] for s in ss):,.0f} | {statistics.median(s["wall_s"] for s in ss):.1f} |')
