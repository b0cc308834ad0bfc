# DQN CartPole-v1 (Zoo preset), ours against SB3 2.4.1 over many seeds (docs/baselines.md): training
# ep_rew_mean of the last 100 episodes, medians, means, a Mann-Whitney U and a median-difference
# permutation test, and bootstrap intervals. Reads docs/results/sb3/dqn_CartPole-v1_seeds*.jsonl and
# docs/results/dqn-cartpole-30seeds/seed-*/summary.json. Run from the repository root: python3 tools/compare_dqn_cartpole_seeds.py
import json, glob, numpy as np
sb3 = {}
for f in sorted(glob.glob("docs/results/sb3/dqn_CartPole-v1_seeds*.jsonl")):
    for line in open(f):
        r = json.loads(line)
        if r.get("finished"): sb3[r["seed"]] = r["mean_ep_reward_last100"]
ours = {}
for f in glob.glob("docs/results/dqn-cartpole-30seeds/seed-*/summary.json"):
    s = json.load(open(f)); ours[s["seed"]] = (s["train_ep_rew_mean_last100"], s["final_eval_mean"], s["solved_at_env_step"])
a = np.array([sb3[k] for k in sorted(sb3)]); b = np.array([ours[k][0] for k in sorted(ours)])
print("SB3 n", len(a), "median %.1f mean %.1f min %.1f max %.1f" % (np.median(a), a.mean(), a.min(), a.max()))
print("ours n", len(b), "median %.1f mean %.1f min %.1f max %.1f" % (np.median(b), b.mean(), b.min(), b.max()))
print("ratio median %.3f mean %.3f" % (np.median(b)/np.median(a), b.mean()/a.mean()))
# Mann-Whitney U with permutation p
def U(x, y): return sum((xi > yj) + 0.5 * (xi == yj) for xi in x for yj in y)
u = U(b, a); rng = np.random.default_rng(0); pooled = np.concatenate([a, b]); n = len(b)
c = U(b, a) - len(a) * len(b) / 2
cnt = 0; R = 20000
for _ in range(R):
    p = rng.permutation(pooled)
    if abs(U(p[:n], p[n:]) - len(a) * len(b) / 2) >= abs(c) - 1e-9: cnt += 1
print("U(ours>sb3) = %.1f of %d, permutation p = %.3f" % (u, len(a) * len(b), cnt / R))
# permutation test on difference of medians
d0 = abs(np.median(b) - np.median(a)); cnt = 0
for _ in range(R):
    p = rng.permutation(pooled)
    if abs(np.median(p[:n]) - np.median(p[n:])) >= d0 - 1e-12: cnt += 1
print("median-difference permutation p = %.3f" % (cnt / R))
bs = [np.median(rng.choice(b, len(b))) / np.median(rng.choice(a, len(a))) for _ in range(R)]
print("bootstrap 95%% CI ratio of medians: %.2f-%.2f" % tuple(np.percentile(bs, [2.5, 97.5])))
bsa = [np.median(rng.choice(a, len(a))) for _ in range(R)]
print("SB3 median 95%% CI: %.1f-%.1f" % tuple(np.percentile(bsa, [2.5, 97.5])))
print("SB3 seeds:", " / ".join("%.1f" % sb3[k] for k in sorted(sb3)))
print("ours seeds:", " / ".join("%.1f" % ours[k][0] for k in sorted(ours)))
e = np.array([ours[k][1] for k in sorted(ours)]); print("ours final eval median %.1f mean %.1f" % (np.median(e), e.mean()))
print("ours solved:", sum(1 for k in ours if ours[k][2] is not None), "of", len(ours))
