// `rein2 reproduce table1 [--seeds N] [--scale F] [--out DIR]`: the paper's Table 1 grid — REIN-2 with
// PPO and A2C meta-learners, the random-search control, and the PPO/A2C baselines with the Zoo's
// presets — on CartPole-v1, Acrobot-v1 and MountainCar-v0 at the paper's snapshot steps (× scale),
// run --threads jobs at a time (one per core; every job is deterministic on its own). Writes DIR/table1.md,
// DIR/<env>.svg learning curves and DIR/runs/<job>.csv.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class ReproduceCommand
{
    sealed record EnvSpec(string Id, long[] Marks, Dictionary<string, double[]> Paper);

    // Table 1 of the paper: snapshot steps and scores (REIN-2 rows: meta-steps; PPO/A2C rows: env steps)
    static readonly EnvSpec[] Grid =
    [
        new("CartPole-v1", [75, 1000, 2500], new()
        {
            ["ppo"] = [22.45, 30.76, 49.64], ["a2c"] = [24.82, 17.33, 53.56],
            ["rein2-ppo"] = [207.2, 439.68, 466.96], ["rein2-a2c"] = [66.76, 146.86, 203.85],
        }),
        new("Acrobot-v1", [700, 3500, 10000], new()
        {
            ["ppo"] = [-500, -500, -208.17], ["a2c"] = [-500, -500, -216.39],
            ["rein2-ppo"] = [-425.43, -257.76, -94.05], ["rein2-a2c"] = [-454.77, -500, -344.33],
        }),
        new("MountainCar-v0", [250, 70000, 150000], new()
        {
            ["ppo"] = [-200, -200, -200], ["a2c"] = [-200, -200, -200],
            ["rein2-ppo"] = [-186.03, -177.64, -140.87], ["rein2-a2c"] = [-188.27, -127.52, -122.37],
        }),
    ];

    // rein2-es: the best weight-space learner of `reproduce meta` (docs/rein2.md, "Beyond the paper")
    static readonly string[] Rows = ["ppo", "a2c", "rein2-ppo", "rein2-a2c", "rein2-random", "rein2-es"];

    sealed class JobResult
    {
        public double[] AtMarks = [];
        public long[] InnerAtMarks = [];
        public double[] Rewards = [];
        public double Wall;
        public IAgent? BestAgent;                  // REIN-2 rows: the run's best produced agent
        public double Best = double.NegativeInfinity;

        // the finished job's record (JobStore): everything but the agent, which is a file beside it
        public void Write(BinaryWriter w)
        {
            JobStore.WriteArray(w, AtMarks); JobStore.WriteArray(w, InnerAtMarks); JobStore.WriteArray(w, Rewards);
            w.Write(Wall); w.Write(Best); w.Write(BestAgent != null);
        }

        public static JobResult Read(BinaryReader r, string agentPath)
        {
            var j = new JobResult { AtMarks = JobStore.ReadDoubles(r), InnerAtMarks = JobStore.ReadLongs(r), Rewards = JobStore.ReadDoubles(r), Wall = r.ReadDouble(), Best = r.ReadDouble() };
            if (r.ReadBoolean()) j.BestAgent = AgentFile.Load(agentPath);
            return j;
        }
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        if (args.Length >= 2 && args[1] == "meta") return MetaProtocolCommand.Run(args, stdout, stderr, interrupt);
        if (args.Length < 2 || args[1] != "table1")
            throw new UsageException($"reproduce needs table1 or meta{(args.Length >= 2 ? $", not '{args[1]}'" : "")}: rein2 reproduce table1|meta [flags]; see rein2 reproduce --help.");
        var p = Commands.Table1.Parse(args, 2);
        int seeds = (int)p.Long("--seeds");
        double scale = p.Double("--scale");
        string outDir = p.Get("--out")!;
        var part = JobQueue.Open(p, outDir, "reproduce table1", ["meta.md", "meta.json", "runs.jsonl"]);
        Directory.CreateDirectory(Path.Combine(outDir, "runs"));

        var jobs = new List<(EnvSpec Env, string Row, int Seed, long[] Marks)>();
        foreach (var env in Grid)
        {
            long[] marks = env.Marks.Select(m => Math.Max(1, (long)Math.Round(m * scale))).ToArray();
            foreach (string row in Rows)
                for (int s = 0; s < seeds; s++) jobs.Add((env, row, s, marks));
        }
        var results = new JobResult[jobs.Count];
        var store = new JobStore(outDir, p.Double("--checkpoint-minutes"));
        // a job's name holds everything its result depends on, so a finished one is reused by any grid that has it
        string Name(int i) => $"table1-{jobs[i].Env.Id}-{jobs[i].Row}-{jobs[i].Seed}-x{scale.ToString("R", CultureInfo.InvariantCulture)}";
        int threads = (int)p.Long("--threads");
        var names = Enumerable.Range(0, jobs.Count).Select(Name).ToArray();
        var (code, wall) = JobQueue.RunGrid(part, p, outDir, store, names, jobs.Select(j => Cost(j.Env.Id, j.Row, j.Marks[^1])).ToArray(), (i, stop) =>
        {
            var (env, row, seed, marks) = jobs[i];
            var (result, outcome, error) = store.ReuseOrRun(names[i], JobResult.Read,
                () => row.StartsWith("rein2") ? RunRein2(env.Id, row[6..], (ulong)seed, marks, store, names[i], stop) : RunBaseline(env.Id, row, (ulong)seed, marks, store, names[i], stop),
                (r, w) => r.Write(w), r => r.BestAgent);
            if (result is null) return (outcome, JobQueue.Line(names[i], outcome, error));
            results[i] = result;
            var csv = new StringBuilder("step,reward\n");
            for (int k = 0; k < result.Rewards.Length; k++) csv.Append(k + 1).Append(',').Append(JsonOut.Num(result.Rewards[k])).Append('\n');
            JsonOut.WriteAtomically(Path.Combine(outDir, "runs", JobCsv(env.Id, row, seed)), csv.ToString());
            return (outcome, $"{env.Id} {row} seed {seed}: {string.Join(" / ", result.AtMarks.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} ({result.Wall:F1} s{(outcome == JobOutcome.Kept ? ", kept from an earlier run" : "")})");
        }, args, stdout, stderr, interrupt);
        if (code is int exit) return exit;

        WriteJson(outDir, args, seeds, scale, wall, jobs.Select(j => (j.Env, j.Row, j.Seed, j.Marks)).ToList(), results);

        var md = new StringBuilder();
        md.Append($"# Table 1, reproduced (scale {scale.ToString(CultureInfo.InvariantCulture)}, {seeds} seeds)\n\n");
        md.Append($"Command: `rein2 reproduce table1 --seeds {seeds} --scale {scale.ToString(CultureInfo.InvariantCulture)}`; wall time {wall.TotalMinutes:F1} min, {threads} job(s) at once ({Environment.ProcessorCount} cores available), SIMD: {Rein2.Pure.SimdPaths.Describe()}.\n\n");
        md.Append("Cells: ours, mean ± std over seeds (paper's value in brackets). REIN-2 rows are indexed by meta-steps and report the best-so-far mean return of the produced agents (10 greedy episodes each; the only reading of Table 1 the Python reference came close to); PPO/A2C rows are indexed by env steps and report a 10-episode deterministic evaluation at the first update boundary at or after the step. `inner env steps` is the mean cumulative number of inner-environment steps the REIN-2 run had used at that snapshot, to compare samples fairly with the baselines' env steps.\n\n");
        foreach (var env in Grid)
        {
            long[] marks = jobs.First(j => j.Env == env).Marks;
            md.Append($"## {env.Id}\n\n| algorithm \\ step | {string.Join(" | ", marks)} | inner env steps at {string.Join(" / ", marks)} |\n|---|{string.Concat(marks.Select(_ => "---:|"))}---:|\n");
            foreach (string row in Rows)
            {
                var rs = Enumerable.Range(0, jobs.Count).Where(i => jobs[i].Env == env && jobs[i].Row == row).Select(i => results[i]).ToList();
                md.Append($"| {Label(row)} |");
                for (int k = 0; k < marks.Length; k++)
                {
                    var (mean, sd) = PairedStats.MeanAndStd(rs.Select(r => r.AtMarks[k]).ToArray());
                    string paper = env.Paper.TryGetValue(row, out var pv) ? $" ({pv[k].ToString(CultureInfo.InvariantCulture)})" : "";
                    md.Append($" {mean:F1} ± {sd:F1}{paper} |");
                }
                md.Append(row.StartsWith("rein2") ? $" {string.Join(" / ", Enumerable.Range(0, marks.Length).Select(k => rs.Average(r => r.InnerAtMarks[k]).ToString("N0", CultureInfo.InvariantCulture)))} |\n" : " – |\n");
            }
            md.Append('\n');
            foreach (string row in Rows)
                if (FirstUpdate(env.Id, row) is long first && first > marks[^1])
                    md.Append($"Note: {Label(row)} never reaches its first update here ({first:N0} {(row.StartsWith("rein2") ? "meta" : "env")} steps: n_steps × n_envs; the last snapshot is {marks[^1]:N0}), so its cells are its untrained initial policy{(row.StartsWith("rein2") ? "'s produced agents" : "")}: raise --scale to compare it.\n\n");
            var curves = Rein2Rows.Select(row =>
                (row, Enumerable.Range(0, jobs.Count).Where(i => jobs[i].Env == env && jobs[i].Row == row).Select(i => results[i].Rewards).ToList())).ToList();
            JsonOut.WriteAtomically(Path.Combine(outDir, $"{env.Id}.svg"), Figure(env.Id, curves, marks[^1]));
            md.Append($"![{env.Id}]({env.Id}.svg)\n\n");
        }
        JsonOut.WriteAtomically(Path.Combine(outDir, "table1.md"), md.ToString());
        stdout.WriteLine($"wrote {Path.Combine(outDir, "table1.md")} in {wall.TotalMinutes:F1} min");
        return CommandLine.Ok;
    }

    // table1.json (for `rein2 report`): every cell's per-seed values beside the paper's, and per env
    // the best REIN-2 agent of the grid, saved as <env>-best.agent
    static void WriteJson(string outDir, string[] args, int seeds, double scale, TimeSpan wall,
                          List<(EnvSpec Env, string Row, int Seed, long[] Marks)> jobs, JobResult[] results)
    {
        var envs = new List<JsonOut>();
        foreach (var env in Grid)
        {
            var idx = Enumerable.Range(0, jobs.Count).Where(i => jobs[i].Env == env).ToList();
            var rows = new List<JsonOut>();
            foreach (string row in Rows)
            {
                var rs = idx.Where(i => jobs[i].Row == row).Select(i => results[i]).ToList();
                var cell = new JsonOut().Add("row", row).Add("label", Label(row));
                for (int k = 0; k < env.Marks.Length; k++) cell.AddArray($"at_{k}", rs.Select(r => r.AtMarks[k]));
                if (env.Paper.TryGetValue(row, out var paper)) cell.AddArray("paper", paper);
                if (row.StartsWith("rein2")) cell.AddArray("inner_env_steps", Enumerable.Range(0, env.Marks.Length).Select(k => rs.Average(r => (double)r.InnerAtMarks[k])));
                rows.Add(cell);
            }
            int best = idx.Where(i => results[i].BestAgent != null).OrderByDescending(i => results[i].Best).ThenBy(i => i).First();
            string file = $"{env.Id}-best.agent";
            AgentFile.Save(Path.Combine(outDir, file), results[best].BestAgent!);
            envs.Add(new JsonOut().Add("env", env.Id).AddArray("marks", jobs[idx[0]].Marks.Select(m => (double)m)).AddObjects("rows", rows, compact: true)
                .AddObject("best_agent", [new("file", file), new("row", jobs[best].Row), new("seed", jobs[best].Seed.ToString(CultureInfo.InvariantCulture)),
                                          new("best", results[best].Best.ToString("R", CultureInfo.InvariantCulture))]));
        }
        var doc = RunStamp.AddTo(new JsonOut(), args).Add("kind", "table1").Add("seeds", (long)seeds).Add("scale", scale).Add("wall_min", wall.TotalMinutes)
            .AddObjects("envs", envs);
        JsonOut.WriteAtomically(Path.Combine(outDir, "table1.json"), doc.ToString());
    }

    /// <summary>
    /// The learning curves of the REIN-2 rows over all seeds: the produced agent's mean return
    /// (smoothed per seed), its range over seeds, and the best so far (the paper's reading). Drawn
    /// from the per-seed rewards, which runs/&lt;env&gt;-&lt;row&gt;-&lt;seed&gt;.csv keep (so `rein2 report` draws the same figure).
    /// </summary>
    public static string Figure(string envId, IReadOnlyList<(string Row, List<double[]> PerSeed)> rows, long lastMark)
    {
        var series = new List<PlotSeries>();
        string[] colors = ["#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c"];
        int ci = 0, smooth = Math.Max(1, (int)(lastMark / 50)), seeds = rows.Count > 0 ? rows[0].PerSeed.Count : 0;
        foreach (var (row, perSeed) in rows)
        {
            var (mean, lo, hi) = SvgPlot.AcrossRuns(perSeed.Select(r => SvgPlot.Smooth(r, smooth)).ToList());
            var (best, _, _) = SvgPlot.AcrossRuns(perSeed.Select(BestSoFar).ToList());
            var x = Enumerable.Range(1, mean.Length).Select(i => (double)i).ToArray();
            string color = colors[ci++ % colors.Length];
            series.Add(new PlotSeries(Label(row), x, mean, color, seeds > 1 ? lo : null, seeds > 1 ? hi : null));
            series.Add(new PlotSeries("best so far", x, best, color, Dashed: true));
        }
        string note = $"solid: the produced agent's mean return (trailing mean of {smooth} meta steps), mean of {seeds} seed{(seeds > 1 ? "s" : "")}" +
                      (seeds > 1 ? "; shaded: range over seeds" : "") + "; dashed: best so far";
        return SvgPlot.Render($"{envId}: REIN-2 and the random-search control", "meta step", "mean return over 10 greedy episodes", series, 1, note);
    }

    /// <summary>The REIN-2 rows of the grid (the rows <see cref="Figure"/> draws).</summary>
    public static IEnumerable<string> Rein2Rows => Rows.Where(r => r.StartsWith("rein2"));

    /// <summary>The file of one job's curve under DIR/runs.</summary>
    public static string JobCsv(string envId, string row, int seed) => $"{envId}-{row}-{seed}.csv";

    static double[] BestSoFar(double[] y)
    {
        var best = new double[y.Length];
        double b = double.NegativeInfinity;
        for (int i = 0; i < y.Length; i++) best[i] = b = Math.Max(b, y[i]);
        return best;
    }

    internal static string Label(string row) => row switch
    {
        "ppo" => "PPO (Zoo)", "a2c" => "A2C (Zoo)", "rein2-ppo" => "REIN-2 (PPO + DQN)", "rein2-a2c" => "REIN-2 (A2C + DQN)",
        "rein2-es" => "OpenAI-ES over the RBV",
        _ => "random search control",
    };

    static double Cost(string env, string row, long steps) => row.StartsWith("rein2") ? steps * (env == "CartPole-v1" ? 150 : env == "Acrobot-v1" ? 4000 : 2000) : steps * 5;

    // where a row's learner first updates (null: it has no rollout to wait for): a snapshot before it shows the untrained policy
    static long? FirstUpdate(string env, string row) => row switch
    {
        "ppo" or "a2c" => RolloutSize(Presets.OnPolicy(row == "ppo" ? OnPolicyAlgo.Ppo : OnPolicyAlgo.A2c, env)),
        "rein2-ppo" or "rein2-a2c" => new Rein2Options { MetaLearner = TrainCommand.ParseMeta(row[6..]) }.EffectiveMetaOptions.NSteps,
        _ => null,
    };

    static long RolloutSize(OnPolicyOptions o) => (long)o.NSteps * o.NEnvs;

    static JobResult? RunRein2(string env, string meta, ulong seed, long[] marks, JobStore store, string name, CancellationToken stop)
    {
        var o = new Rein2Options
        {
            Env = env, MetaSteps = marks[^1], FinalEpisodes = 1,
            MetaLearner = TrainCommand.ParseMeta(meta),
        };
        var t0 = Stopwatch.StartNew();
        var t = new Rein2Trainer(o, seed);
        var rewards = new double[marks[^1]];
        var r = new JobResult { AtMarks = new double[marks.Length], InnerAtMarks = new long[marks.Length], Rewards = rewards };
        store.TryResume(name, t, rd => { r.AtMarks = JobStore.ReadDoubles(rd); r.InnerAtMarks = JobStore.ReadLongs(rd); r.Rewards = rewards = JobStore.ReadDoubles(rd); r.Wall = rd.ReadDouble(); });
        var progress = new SyncProgress<TrainingProgress>(m =>
        {
            rewards[m.Steps - 1] = m.MeanReturn;
            for (int k = 0; k < marks.Length; k++) if (marks[k] == m.Steps) { r.AtMarks[k] = m.BestReturn; r.InnerAtMarks[k] = m.EnvSteps; }
        });
        if (!store.Learn(name, t, token => t.Learn(progress, token),
                         w => { JobStore.WriteArray(w, r.AtMarks); JobStore.WriteArray(w, r.InnerAtMarks); JobStore.WriteArray(w, rewards); w.Write(r.Wall + t0.Elapsed.TotalSeconds); }, stop))
            return null;
        r.BestAgent = t.Agent;
        r.Best = t.BestReturn;
        r.Wall += t0.Elapsed.TotalSeconds;
        return r;
    }

    static JobResult? RunBaseline(string env, string algo, ulong seed, long[] marks, JobStore store, string name, CancellationToken stop)
    {
        var t0 = Stopwatch.StartNew();
        var o = Presets.OnPolicy(algo == "ppo" ? OnPolicyAlgo.Ppo : OnPolicyAlgo.A2c, env);
        var t = new OnPolicyTrainer(env, o, seed);
        var r = new JobResult { AtMarks = new double[marks.Length], InnerAtMarks = new long[marks.Length] };
        var evals = new List<double>();
        int next = 0;
        store.TryResume(name, t, rd => { r.AtMarks = JobStore.ReadDoubles(rd); next = rd.ReadInt32(); evals.AddRange(JobStore.ReadDoubles(rd)); r.Wall = rd.ReadDouble(); });
        void EvaluatePassedMarks(long steps)
        {
            while (next < marks.Length && steps >= marks[next])
            {
                r.AtMarks[next] = Evaluation.Run(EnvRegistry.Spec(env), t.Agent, 10, seed + 1_000_003UL).Mean;
                evals.Add(r.AtMarks[next]);
                next++;
            }
        }
        // evaluated after every whole iteration, and where the run stops: at the last mark, mid-rollout
        // (no update on the partial rollout), with the schedules of the preset's full budget
        var progress = new SyncProgress<TrainingProgress>(p => EvaluatePassedMarks(p.Steps));
        if (!store.Learn(name, t, token => { t.Learn(progress, token, pauseAtStep: marks[^1]); return t.Steps >= marks[^1] || t.Done; },
                         w => { JobStore.WriteArray(w, r.AtMarks); w.Write(next); JobStore.WriteArray(w, evals.ToArray()); w.Write(r.Wall + t0.Elapsed.TotalSeconds); }, stop))
            return null;
        EvaluatePassedMarks(t.Steps);
        for (; next < marks.Length; next++) r.AtMarks[next] = double.NaN;
        r.Rewards = evals.ToArray();
        r.Wall += t0.Elapsed.TotalSeconds;
        return r;
    }
}
