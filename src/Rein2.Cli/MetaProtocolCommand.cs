// `rein2 reproduce meta [--seeds N] [--first-seed N] [--scale F] [--envs ID,…] [--methods NAME,…]
// [--out DIR]`: the
// "Beyond the paper" protocol (docs/rein2.md). Every meta-learner — the random-search control,
// OpenAI-ES, sep-CMA-ES, ARS V1-t and REIN-2's PPO — runs on the same seeds (same inner network, RBV,
// bounds and evaluation seeds per seed) until it has spent the same budget of inner environment
// steps (every evaluation episode counted). Per run: the best agent re-evaluated on 100 fresh
// episodes (the primary outcome: a best-of-many 10-episode score is biased upward), the inner steps
// at which the best-so-far first reached the env's threshold, the curve of the mean produced-agent
// return, and best-so-far at an equal number of meta steps. Per method against random search,
// paired by seed: Wilcoxon signed-rank p (exact) and the IQM of the differences with a bootstrap
// 95 % interval. Writes DIR/meta.md, DIR/runs.jsonl, one SVG of the mean-return curves per env, and
// for `rein2 report` DIR/meta.json (command, version, SIMD) and DIR/agents/<env>-<method>.agent.
using System.Globalization;
using System.Text;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class MetaProtocolCommand
{
    // inner-env-step budgets per env at scale 1, and the "solved" thresholds of the issue
    static readonly Dictionary<string, (long Budget, double Threshold)> Envs = new()
    {
        ["Acrobot-v1"] = (3_000_000, -100), ["MountainCar-v0"] = (2_000_000, -110), ["CartPole-v1"] = (1_000_000, 475),
        // Box actions (issue 32: the deterministic actor); Pendulum has no official threshold: −200 is "swings up and holds"
        ["Pendulum-v1"] = (1_000_000, -200), ["MountainCarContinuous-v0"] = (1_000_000, 90),
    };
    // not a meta-learner: PPO trained on the environment itself (the Zoo's preset) for the same budget
    // of environment steps, its last agent re-evaluated on 100 fresh episodes — REIN-2 against the RL
    // it is meant to replace, at equal samples
    const string DirectPpo = "ppo-direct";
    // every method: its meta-learner and the settings it adds to REIN-2's defaults
    static readonly Dictionary<string, (MetaLearner Meta, Func<Rein2Options, Rein2Options> Settings)> Methods = new()
    {
        ["random"] = (MetaLearner.Random, o => o),
        ["es"] = (MetaLearner.Es, o => o),
        ["cmaes"] = (MetaLearner.CmaEs, o => o),
        ["ars"] = (MetaLearner.Ars, o => o),
        ["ppo"] = (MetaLearner.Ppo, o => o),
        // REIN-2's PPO updating from the first steps (n_steps 64), an attempt at making it learn
        ["ppo-fast"] = (MetaLearner.Ppo, FastUpdate),
        // and seeing the RBV values and the last return, observations and rewards normalised
        ["ppo-informed"] = (MetaLearner.Ppo, o => Rein2Keys.Set(Rein2Keys.Set(FastUpdate(o), "outer_obs", "valuesandreturn"), "meta.normalize", "true")),
        // on request only (--methods): the weight-space learners restarting at a uniform point of the
        // box after a generation with no signal (search_restart=true) …
        ["es-restart"] = (MetaLearner.Es, Restart),
        ["cmaes-restart"] = (MetaLearner.CmaEs, Restart),
        ["ars-restart"] = (MetaLearner.Ars, Restart),
        // … the novelty-seeking ES family (issue 23) on the domain-free behaviour (the final
        // observations), and on the environment's own (domain knowledge: MountainCar's highest position)
        ["nses"] = (MetaLearner.NsEs, o => o),
        ["nsres"] = (MetaLearner.NsrEs, o => o),
        ["nsraes"] = (MetaLearner.NsraEs, o => o),
        ["nses-env"] = (MetaLearner.NsEs, EnvBehavior),
        ["nsres-env"] = (MetaLearner.NsrEs, EnvBehavior),
        ["nsraes-env"] = (MetaLearner.NsraEs, EnvBehavior),
        // … and ppo-fast whose Gaussian starts at σ = 0.3 (ES's exploration scale) instead of SB3's σ = 1
        ["ppo-narrow"] = (MetaLearner.Ppo, o => Rein2Keys.Set(FastUpdate(o), "meta.log_std_init", Math.Log(0.3).ToString("R", CultureInfo.InvariantCulture))),
    };
    internal static readonly string[] DefaultMethods = ["random", "es", "cmaes", "ars", "ppo", "ppo-fast", "ppo-informed"];
    // the protocol's default environments: the paper's three (the Box ones on request)
    internal static IEnumerable<string> EnvNames => ["Acrobot-v1", "MountainCar-v0", "CartPole-v1"];
    internal static IEnumerable<string> AllEnvNames => Envs.Keys;
    internal static IEnumerable<string> MethodNames => Methods.Keys.Append(DirectPpo);

    // a method with the modules it changes (issue 32): +layer or +subspace (the weight subset),
    // +scaled (the produced agent reads scaled observations), e.g. es+layer+scaled
    static readonly Dictionary<string, Func<Rein2Options, Rein2Options>> Modifiers = new()
    {
        ["layer"] = o => o with { Subset = SubsetKind.Layer },
        ["subspace"] = o => o with { Subset = SubsetKind.Subspace, BoundMode = BoundMode.Offset },
        ["scaled"] = o => o with { InnerObs = InnerObservation.Scaled },
    };
    internal static string ModifierHelp => $"a method may add modules: {string.Join(", ", Modifiers.Keys.Select(k => "+" + k))} (e.g. es+layer+scaled)";

    // the meta-learner and settings of a method name, modifiers included; null when it is not known
    static (MetaLearner Meta, Func<Rein2Options, Rein2Options> Settings)? Resolve(string name)
    {
        if (name == DirectPpo) return (MetaLearner.Ppo, o => o);
        var parts = name.Split('+');
        if (!Methods.TryGetValue(parts[0], out var m) || parts.Skip(1).Any(x => !Modifiers.ContainsKey(x)) || parts.Skip(1).Distinct().Count() != parts.Length - 1
            || parts.Contains("layer") && parts.Contains("subspace")) return null;
        var settings = m.Settings;
        foreach (var x in parts.Skip(1)) { var before = settings; var add = Modifiers[x]; settings = o => add(before(o)); }
        return (m.Meta, settings);
    }
    static Rein2Options FastUpdate(Rein2Options o) => Rein2Keys.ApplyPreset(o, "fast-update");
    static Rein2Options Restart(Rein2Options o) => o with { SearchRestart = true };
    static Rein2Options EnvBehavior(Rein2Options o) => o with { NoveltyBehavior = NoveltyBehavior.Env };
    const int Bins = 20;

    sealed record RunResult(string Env, string Method, int Seed, long MetaSteps, long InnerSteps, double BestTrain, double Reeval,
                      long? StepsToThreshold, double[] Curve, double[] BestAtMeta, IAgent Agent)
    {
        // the finished job's record (JobStore): everything but the agent, which is a file beside it
        public void Write(BinaryWriter w)
        {
            w.Write(MetaSteps); w.Write(InnerSteps); w.Write(BestTrain); w.Write(Reeval); w.Write(StepsToThreshold ?? -1);
            JobStore.WriteArray(w, Curve); JobStore.WriteArray(w, BestAtMeta);
        }

        public static RunResult Read(BinaryReader r, string env, string method, int seed, string agentPath)
        {
            long meta = r.ReadInt64(), inner = r.ReadInt64();
            double best = r.ReadDouble(), reeval = r.ReadDouble();
            long reached = r.ReadInt64();
            return new RunResult(env, method, seed, meta, inner, best, reeval, reached < 0 ? null : reached, JobStore.ReadDoubles(r), JobStore.ReadDoubles(r), AgentFile.Load(agentPath));
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var p = Commands.Meta.Parse(args, 2);
        int seeds = (int)p.Long("--seeds");
        int firstSeed = (int)p.Long("--first-seed");
        double scale = p.Double("--scale");
        var envs = List(p, "--envs", Envs.Keys, "an environment of the protocol");
        var methods = List(p, "--methods", Methods.Keys, "a method", n => Resolve(n) != null, ModifierHelp);
        if (!methods.Contains("random")) throw new UsageException("--methods must include random: every method is compared with it.");
        string outDir = p.Get("--out")!;
        var part = JobQueue.Open(p, outDir, "reproduce meta", ["table1.json", "table1.md"]);

        var jobs = (from env in envs from m in methods from s in Enumerable.Range(firstSeed, seeds) select (env, m, s)).ToList();
        var results = new RunResult[jobs.Count];
        var store = new JobStore(outDir, p.Double("--checkpoint-minutes"));
        // a job's name holds everything its result depends on (the method names its settings; the scale its budget)
        string Name(int i) => $"meta-{jobs[i].env}-{jobs[i].m}-{jobs[i].s}-x{scale.ToString("R", CultureInfo.InvariantCulture)}";
        int threads = (int)p.Long("--threads");
        var names = Enumerable.Range(0, jobs.Count).Select(Name).ToArray();
        // PPO's jobs take about twice a search's wall time for the same budget
        var (code, wall) = JobQueue.RunGrid(part, p, outDir, store, names, jobs.Select(j => (Resolve(j.m)!.Value.Meta == MetaLearner.Ppo ? 2.0 : 1.0) * (j.m.Contains("+subspace") ? 8.0 : 1.0) * Envs[j.env].Budget).ToArray(), (i, stop) =>
        {
            var (env, m, s) = jobs[i];
            var (result, outcome, error) = store.ReuseOrRun(names[i], (r, agent) => RunResult.Read(r, env, m, s, agent),
                () => RunOne(env, m, s, (long)(Envs[env].Budget * scale), Envs[env].Threshold, store, names[i], stop), (r, w) => r.Write(w), r => r.Agent);
            if (result is null) return (outcome, JobQueue.Line(names[i], outcome, error));
            results[i] = result;
            return (outcome, $"{env} {m} seed {s}: {result.MetaSteps} meta steps, best {result.BestTrain:F1}, re-evaluated {result.Reeval:F1}{(outcome == JobOutcome.Kept ? " (kept from an earlier run)" : "")}");
        }, args, stdout, stderr, interrupt);
        if (code is int exit) return exit;

        var jsonl = new StringBuilder();
        foreach (var r in results)
            jsonl.Append(new JsonOut().Add("env", r.Env).Add("method", r.Method).Add("seed", (long)r.Seed).Add("meta_steps", r.MetaSteps)
                .Add("inner_env_steps", r.InnerSteps).Add("best_train", r.BestTrain).Add("reeval_100", r.Reeval)
                .Add("steps_to_threshold", r.StepsToThreshold).AddArray("mean_return_per_bin", r.Curve).ToCompactString()).Append('\n');
        JsonOut.WriteAtomically(Path.Combine(outDir, "runs.jsonl"), jsonl.ToString());
        // for `rein2 report`: how the run was made, and each method's best agent per env (the seed
        // whose best agent re-evaluated highest) as agents/<env>-<method>.agent
        Directory.CreateDirectory(Path.Combine(outDir, "agents"));
        foreach (var group in results.GroupBy(r => (r.Env, r.Method)))
        {
            var best = group.OrderByDescending(r => r.Reeval).ThenBy(r => r.Seed).First();
            AgentFile.Save(Path.Combine(outDir, "agents", $"{best.Env}-{best.Method}.agent"), best.Agent);
        }
        JsonOut.WriteAtomically(Path.Combine(outDir, "meta.json"), RunStamp.AddTo(new JsonOut(), args).Add("kind", "meta")
            .Add("seeds", (long)seeds).Add("first_seed", (long)firstSeed).Add("scale", scale).Add("wall_min", wall.TotalMinutes).ToString());
        JsonOut.WriteAtomically(Path.Combine(outDir, "meta.md"), Report(results, envs, methods, seeds, firstSeed, scale, wall, threads, outDir));
        stdout.WriteLine($"wrote {Path.Combine(outDir, "meta.md")} in {wall.TotalMinutes:F1} min");
        return CommandLine.Ok;
    }

    // a comma-separated list of known names, each once, at least one
    static string[] List(ParsedArgs p, string flag, IEnumerable<string> known, string what, Func<string, bool>? isKnown = null, string? more = null)
    {
        string text = p.Get(flag)!;
        var items = text.Split(',');
        if (items.Any(i => i.Length == 0)) throw new UsageException($"{flag} {text} has an empty item; give {what}s separated by commas, e.g. {string.Join(',', known.Take(2))}.");
        foreach (var i in items)
            if (!(isKnown ?? known.Contains)(i)) throw new UsageException($"{flag} {i} is not known; allowed: {string.Join(", ", known)}{(more != null ? $"; {more}" : "")}.");
        if (items.Distinct().Count() != items.Length) throw new UsageException($"{flag} {text} names an item twice; give each once.");
        return items;
    }

    static RunResult? RunOne(string env, string method, int seed, long budget, double threshold, JobStore store, string name, CancellationToken interrupt)
    {
        if (method == DirectPpo) return RunDirect(env, seed, budget, threshold, store, name, interrupt);
        var (meta, settings) = Resolve(method)!.Value;
        var o = settings(new Rein2Options { Env = env, MetaLearner = meta, MetaSteps = 100_000_000, FinalEpisodes = 100 });
        var t = new Rein2Trainer(o, (ulong)seed);
        var steps = new List<(long Inner, double Return, double Best)>();
        long? reached = null;
        store.TryResume(name, t, r =>
        {
            long at = r.ReadInt64();
            reached = at < 0 ? null : at;
            var inner = JobStore.ReadLongs(r);
            var ret = JobStore.ReadDoubles(r);
            var best = JobStore.ReadDoubles(r);
            for (int k = 0; k < inner.Length; k++) steps.Add((inner[k], ret[k], best[k]));
        });
        // runs to the budget; paused for a checkpoint by the clock, or stopped (checkpointed) when interrupted
        bool Spent() => steps.Count > 0 && steps[^1].Inner >= budget;
        bool ToBudget(CancellationToken token)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            t.Learn(new SyncProgress<TrainingProgress>(q =>
            {
                steps.Add((q.EnvSteps, q.MeanReturn, q.BestReturn));
                if (reached == null && q.BestReturn >= threshold) reached = q.EnvSteps;
                if (q.EnvSteps >= budget) stop.Cancel();
            }), stop.Token);
            return Spent();
        }
        if (!Spent() && !store.Learn(name, t, ToBudget, w =>
            {
                w.Write(reached ?? -1);
                JobStore.WriteArray(w, steps.Select(x => x.Inner).ToArray());
                JobStore.WriteArray(w, steps.Select(x => x.Return).ToArray());
                JobStore.WriteArray(w, steps.Select(x => x.Best).ToArray());
            }, interrupt))
            return null;
        var curve = Curve(steps.Select(x => (x.Inner, x.Return)), budget);
        var bestAt = steps.Select(x => x.Best).ToArray();
        return new RunResult(env, method, seed, t.MetaSteps, t.InnerEnvSteps, t.BestReturn, t.FinalEvaluation().Mean, reached, curve, bestAt, t.Agent);
    }

    // PPO on the environment itself: ep_rew_mean after each rollout stands for the "produced agent's
    // return", its running best for the best-so-far; the last agent is re-evaluated on 100 fresh episodes
    static RunResult? RunDirect(string env, int seed, long budget, double threshold, JobStore store, string name, CancellationToken interrupt)
    {
        var t = new OnPolicyTrainer(env, Presets.OnPolicy(OnPolicyAlgo.Ppo, env) with { TotalTimesteps = budget }, (ulong)seed);
        var steps = new List<(long Env, double Return)>();
        store.TryResume(name, t, r =>
        {
            var at = JobStore.ReadLongs(r); var ret = JobStore.ReadDoubles(r);
            for (int k = 0; k < at.Length; k++) steps.Add((at[k], ret[k]));
        });
        bool ToBudget(CancellationToken token) => t.Learn(new SyncProgress<TrainingProgress>(q => steps.Add((q.EnvSteps, q.MeanReturn))), token);
        if (!t.Done && !store.Learn(name, t, ToBudget, w =>
            {
                JobStore.WriteArray(w, steps.Select(x => x.Env).ToArray());
                JobStore.WriteArray(w, steps.Select(x => x.Return).ToArray());
            }, interrupt))
            return null;
        var curve = Curve(steps, budget);
        double best = double.NegativeInfinity;
        var bestSoFar = steps.Select(x => best = Math.Max(best, double.IsFinite(x.Return) ? x.Return : best)).ToArray();
        long? reached = steps.Where(x => x.Return >= threshold).Select(x => (long?)x.Env).FirstOrDefault();
        return new RunResult(env, DirectPpo, seed, 0, t.EnvSteps, best, TrainingRun.FinalEvaluation(t).Mean, reached, curve, bestSoFar, t.Agent);
    }

    // the mean return in Bins equal slices of the budget (NaN where a slice holds none)
    static double[] Curve(IEnumerable<(long At, double Return)> points, long budget)
    {
        var curve = new double[Bins];
        for (int b = 0; b < Bins; b++)
        {
            var inBin = points.Where(x => (int)Math.Min(Bins - 1, (x.At - 1) * Bins / Math.Max(budget, 1)) == b && double.IsFinite(x.Return)).Select(x => x.Return).ToArray();
            curve[b] = inBin.Length > 0 ? inBin.Average() : double.NaN;
        }
        return curve;
    }

    static string Report(RunResult[] runs, string[] envs, string[] methods, int seeds, int firstSeed, double scale, TimeSpan wall, int threads, string outDir)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append($"# Meta-learners against random search (`rein2 reproduce meta --seeds {seeds}{(firstSeed > 0 ? $" --first-seed {firstSeed}" : "")} --scale {scale.ToString(inv)}`)\n\n");
        md.Append($"Wall time {wall.TotalMinutes:F1} min, {threads} job(s) at once ({Environment.ProcessorCount} cores available), SIMD: {Rein2.Pure.SimdPaths.Describe()}. Every run stops once it has spent the env's budget of inner environment steps (every evaluation episode counted). ");
        md.Append("`re-evaluated`: the run's best agent on 100 fresh episodes (IQM over seeds, bootstrap 95 % interval); `Δ vs random`: IQM of the per-seed differences to random search (paired by seed) with its interval, and the exact two-sided Wilcoxon signed-rank p; `best@M`: best-so-far (10-episode means) at the meta step M every run reached; `reached`: seeds whose best-so-far reached the threshold within the budget, and the median inner steps it took.\n\n");
        foreach (var env in envs)
        {
            var (budget, threshold) = Envs[env];
            var inEnv = runs.Where(r => r.Env == env).ToArray();
            // best@M over the REIN-2 runs (ppo-direct takes no meta steps)
            long m = inEnv.Where(r => r.Method != DirectPpo).Select(r => r.MetaSteps).DefaultIfEmpty(1).Min();
            md.Append($"## {env} (budget {(long)(budget * scale):N0} inner env steps, threshold {threshold.ToString(inv)})\n\n");
            md.Append($"| method | re-evaluated (IQM [95 % CI]) | Δ vs random (IQM [95 % CI]) | Wilcoxon p | best@{m} (mean) | meta steps (mean) | reached | median steps to threshold | mean produced-agent return: first → last tenth |\n");
            md.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            var random = inEnv.Where(r => r.Method == "random").OrderBy(r => r.Seed).ToArray();
            foreach (var method in methods)
            {
                var rs = inEnv.Where(r => r.Method == method).OrderBy(r => r.Seed).ToArray();
                var scores = rs.Select(r => r.Reeval).ToArray();
                var (lo, hi) = PairedStats.BootstrapIqm(scores);
                var (delta, pv) = method == "random" ? ("–", "–") : Paired(rs, random);
                var reachedSteps = rs.Where(r => r.StepsToThreshold != null).Select(r => (double)r.StepsToThreshold!.Value).Order().ToArray();
                string median = reachedSteps.Length == 0 ? "–" : reachedSteps[reachedSteps.Length / 2].ToString("N0", inv);
                double first = Mean(rs.Select(r => FirstFinite(r.Curve, 0, Bins / 10))), last = Mean(rs.Select(r => FirstFinite(r.Curve, Bins - Bins / 10, Bins)));
                md.Append($"| {method} | {PairedStats.InterquartileMean(scores):F1} [{lo:F1}, {hi:F1}] | {delta} | {pv} | {(method == DirectPpo ? "–" : rs.Average(r => r.BestAtMeta[m - 1]).ToString("F1", inv))} | {rs.Average(r => r.MetaSteps):N0} | {reachedSteps.Length}/{rs.Length} | {median} | {first:F1} → {last:F1} |\n");
            }
            md.Append('\n');
            AgainstEs(md, inEnv, methods);
            AgainstRandomInTheSameModules(md, inEnv, methods);
            var curves = methods.Select(method => (method, inEnv.Where(r => r.Method == method).Select(r => r.Curve).ToList())).ToList();
            string svg = FigureFile(env);
            JsonOut.WriteAtomically(Path.Combine(outDir, svg), Figure(env, curves, (long)(budget * scale), seeds));
            md.Append($"![{env}]({svg})\n\n");
        }
        return md.ToString();
    }

    // The learners beside OpenAI-ES, paired by seed (issue 23: a novelty learner must not be
    // significantly worse than ES on Acrobot): written when es and another learner ran.
    static void AgainstEs(StringBuilder md, RunResult[] inEnv, string[] methods)
    {
        var others = methods.Where(m => m is not ("random" or "es")).ToArray();
        if (!methods.Contains("es") || others.Length == 0) return;
        var es = inEnv.Where(r => r.Method == "es").OrderBy(r => r.Seed).ToArray();
        md.Append("| method | Δ vs es (IQM [95 % CI]) | Wilcoxon p vs es |\n|---|---:|---:|\n");
        foreach (var method in others)
        {
            var (delta, p) = Paired(inEnv.Where(r => r.Method == method).OrderBy(r => r.Seed).ToArray(), es);
            md.Append($"| {method} | {delta} | {p} |\n");
        }
        md.Append('\n');
    }

    // A learner with other modules (+layer, +subspace, +scaled) beside random search in the same
    // modules (issue 32): does the learner learn there, or do the modules alone make the difference?
    static void AgainstRandomInTheSameModules(StringBuilder md, RunResult[] inEnv, string[] methods)
    {
        static string Control(string m) => "random" + m[m.IndexOf('+')..];
        var pairs = methods.Where(m => m.Contains('+') && !m.StartsWith("random+", StringComparison.Ordinal) && methods.Contains(Control(m))).ToArray();
        if (pairs.Length == 0) return;
        md.Append("| method | against | Δ (IQM [95 % CI]) | Wilcoxon p |\n|---|---|---:|---:|\n");
        foreach (var method in pairs)
        {
            var (delta, p) = Paired(inEnv.Where(r => r.Method == method).OrderBy(r => r.Seed).ToArray(), inEnv.Where(r => r.Method == Control(method)).OrderBy(r => r.Seed).ToArray());
            md.Append($"| {method} | {Control(method)} | {delta} | {p} |\n");
        }
        md.Append('\n');
    }

    // runs against a control's runs on the same seeds (both in seed order): the IQM of the
    // re-evaluated differences with its bootstrap interval, and the exact Wilcoxon p
    static (string Delta, string P) Paired(RunResult[] runs, RunResult[] control)
    {
        var d = runs.Zip(control, (a, b) => a.Reeval - b.Reeval).ToArray();
        var (lo, hi) = PairedStats.BootstrapIqm(d, seed: 1);
        return ($"{PairedStats.InterquartileMean(d):F1} [{lo:F1}, {hi:F1}]", PairedStats.WilcoxonText(d, "F3"));
    }

    /// <summary>The file name meta.md gives an env's figure.</summary>
    public static string FigureFile(string env) => $"meta-{env}.svg";

    /// <summary>An env's inner-step budget at <paramref name="scale"/>, or null when the env is not in the protocol.</summary>
    public static long? Budget(string env, double scale) => Envs.TryGetValue(env, out var e) ? (long)(e.Budget * scale) : null;

    /// <summary>
    /// The mean produced-agent return per twentieth of the budget, averaged over seeds, one line per
    /// method; drawn from runs.jsonl's mean_return_per_bin (so `rein2 report` draws the same figure).
    /// </summary>
    public static string Figure(string env, IReadOnlyList<(string Method, List<double[]> Curves)> methods, long budget, int seeds)
    {
        string[] colors = ["#7f7f7f", "#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"];
        var series = methods.Select((m, k) =>
        {
            var (y, lo, hi) = SvgPlot.AcrossRuns(m.Curves);
            var x = Enumerable.Range(0, y.Length).Select(b => (b + 0.5) * budget / y.Length).ToArray();
            return new PlotSeries(m.Method, x, y, colors[k % colors.Length], lo, hi);
        }).ToList();
        return SvgPlot.Render($"{env}: the agents each method produces", "inner env steps spent",
            "mean return of the produced agents", series, 1, $"line: mean over {seeds} seeds of the mean return in each twentieth of the budget; shaded: range over seeds");
    }

    static double Mean(IEnumerable<double> xs) { var v = xs.Where(double.IsFinite).ToArray(); return v.Length == 0 ? double.NaN : v.Average(); }
    static double FirstFinite(double[] curve, int from, int to) => Mean(curve[from..to]);
}
