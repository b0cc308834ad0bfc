// `rein2 sweep SPEC.json [--out DIR] [--threads N] [--shard i/n|auto]`: any grid of train or baseline
// runs (SweepSpec.cs) under the contract of `reproduce` — every job in DIR/jobs/NAME/ with its
// checkpoint and its result, claimed by one process at a time, checkpointed on SIGTERM and every
// --checkpoint-minutes, run --threads at once, split over processes by --shard — and, once every
// job is done, DIR/summary.csv (one row per job: its final figures), DIR/sweep.md (per environment
// and settings, every learner against the control, paired by seed: the mean difference, the exact
// Wilcoxon signed-rank p, the IQM of the differences with a bootstrap 95 % interval) and
// DIR/sweep.json for `rein2 report`. A job's final figures are those `rein2 train` or
// `rein2 baseline` report for the same settings and seed: REIN-2's best agent re-evaluated on its
// final_episodes, a baseline's last agent on 100 fresh episodes.
// `rein2 sweep status DIR`: every job of a grid directory (a sweep's or reproduce's) by name.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class SweepCommand
{
    sealed record Result(double FinalMean, double FinalStd, int FinalEpisodes, double BestTrain, long Steps, long EnvSteps, double Wall, IAgent? Agent)
    {
        public void Write(BinaryWriter w)
        {
            w.Write(FinalMean); w.Write(FinalStd); w.Write(FinalEpisodes); w.Write(BestTrain); w.Write(Steps); w.Write(EnvSteps); w.Write(Wall);
        }

        public static Result Read(BinaryReader r, string agentPath) =>
            new(r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadDouble(), r.ReadInt64(), r.ReadInt64(), r.ReadDouble(), AgentFile.Load(agentPath));
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        if (args.Length >= 2 && args[1] == "status") return Status(args, stdout);
        var p = Commands.Sweep.Parse(args, 1);
        string specPath = p.Positional[0];
        var spec = SweepSpec.Read(specPath);
        string outDir = p.Get("--out") ?? Path.Combine("runs", "sweep-" + Path.GetFileNameWithoutExtension(specPath));
        var part = JobQueue.Open(p, outDir, "sweep", ["table1.json", "table1.md", "meta.md", "runs.jsonl"]);
        var store = new JobStore(outDir, p.Double("--checkpoint-minutes"));
        var results = new Result[spec.Jobs.Count];
        var (code, wall) = JobQueue.RunGrid(part, p, outDir, store, [.. spec.Jobs.Select(j => j.Name)], [.. spec.Jobs.Select(j => j.Cost)], (i, stop) =>
        {
            var job = spec.Jobs[i];
            var (result, outcome, error) = store.ReuseOrRun(job.Name, Result.Read, () => RunJob(job, store, stop), (r, w) => r.Write(w), r => r.Agent);
            if (result is null) return (outcome, JobQueue.Line(job.Name, outcome, error));
            results[i] = result;
            return (outcome, $"{job.Name}: final {result.FinalMean:F1} ± {result.FinalStd:F1} ({result.Wall:F1} s{(outcome == JobOutcome.Kept ? ", kept from an earlier run" : "")})");
        }, args, stdout, stderr, interrupt);
        if (code is int exit) return exit;

        JsonOut.WriteAtomically(Path.Combine(outDir, "summary.csv"), SummaryCsv(spec, results));
        JsonOut.WriteAtomically(Path.Combine(outDir, "sweep.md"), Report(spec, results, specPath, wall, (int)p.Long("--threads")));
        JsonOut.WriteAtomically(Path.Combine(outDir, "sweep.json"), RunStamp.AddTo(new JsonOut(), args).Add("kind", "sweep")
            .Add("jobs", (long)spec.Jobs.Count).Add("control", spec.Control).Add("wall_min", wall.TotalMinutes).ToString());
        stdout.WriteLine($"wrote {Path.Combine(outDir, "summary.csv")} and sweep.md: {spec.Jobs.Count} jobs in {wall.TotalMinutes:F1} min");
        return CommandLine.Ok;
    }

    /// <summary>The trainer a sweep job runs: built from its settings by the same code as `train` (Rein2Keys) and `baseline` (the Zoo preset, then OptionKeys).</summary>
    internal static ITrainer Trainer(string command, string env, string learner, IReadOnlyList<(string Key, string Value)> settings, ulong seed, int threads)
    {
        if (command == "baseline") return BaselineCommand.Build(learner, env, [.. settings], seed).Trainer;
        var o = new Rein2Options { Env = env, MetaLearner = TrainCommand.ParseMeta(learner) };
        foreach (var (k, v) in settings) o = Rein2Keys.Set(o, k, v);
        o.Validate();
        return new Rein2Trainer(o with { Threads = threads }, seed);
    }

    // one job: resumed from its checkpoint when there is one, run to the end (checkpointed by the
    // clock and on SIGTERM), then evaluated as train/baseline evaluate at the end
    static Result? RunJob(SweepJob job, JobStore store, CancellationToken stop)
    {
        var t = Trainer(job.Command, job.Env, job.Learner, job.Settings, job.Seed, threads: 1);
        double wall = 0;
        store.TryResume(job.Name, t, r => wall = r.ReadDouble());
        var sw = Stopwatch.StartNew();
        if (!store.Learn(job.Name, t, token => t.Learn(null, token), w => w.Write(wall + sw.Elapsed.TotalSeconds), stop)) return null;
        var final = TrainingRun.FinalEvaluation(t);
        return new Result(final.Mean, final.Std, final.Episodes, t is Rein2Trainer r2 ? r2.BestReturn : double.NaN, t.Steps, t.EnvSteps, wall + sw.Elapsed.TotalSeconds, t.Agent);
    }

    static string SummaryCsv(SweepSpec spec, Result[] results)
    {
        var csv = new StringBuilder("job,command,env,learner,settings,seed,final_mean,final_std,final_episodes,best_train,steps,env_steps,wall_s\n");
        for (int i = 0; i < results.Length; i++)
        {
            var (j, r) = (spec.Jobs[i], results[i]);
            csv.Append(string.Join(',', j.Name, j.Command, j.Env, j.Learner, Csv(j.SettingsText), j.Seed.ToString(CultureInfo.InvariantCulture),
                JsonOut.Num(r.FinalMean), JsonOut.Num(r.FinalStd), r.FinalEpisodes.ToString(CultureInfo.InvariantCulture), double.IsNaN(r.BestTrain) ? "" : JsonOut.Num(r.BestTrain),
                r.Steps.ToString(CultureInfo.InvariantCulture), r.EnvSteps.ToString(CultureInfo.InvariantCulture), r.Wall.ToString("F3", CultureInfo.InvariantCulture))).Append('\n');
        }
        return csv.ToString();
    }

    static string Csv(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    // per environment and settings: each learner's final returns, and every learner against the control, paired by seed
    static string Report(SweepSpec spec, Result[] results, string specPath, TimeSpan wall, int threads)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder($"# Sweep `{Path.GetFileName(specPath)}`: {spec.Command}, {spec.Jobs.Count} jobs\n\n");
        md.Append($"{spec.Envs.Length} environment(s) × {spec.Learners.Length} {(spec.Command == "train" ? "meta-learner" : "algorithm")}(s) × " +
                  $"{spec.Cells.Count / (spec.Envs.Length * spec.Learners.Length * spec.Seeds.Length)} setting combination(s) × {spec.Seeds.Length} seed(s)" +
                  (spec.Jobs.Count < spec.Cells.Count ? $" ({spec.Cells.Count} cells; a learner runs once for all values of a setting it does not read, so {spec.Jobs.Count} jobs)" : "") + "; " +
                  $"wall time {wall.TotalMinutes:F1} min in this process, {threads} job(s) at once. Final return: " +
                  (spec.Command == "train" ? "the best produced agent re-evaluated on fresh episodes (final_episodes)" : "the last agent on 100 fresh episodes") +
                  $". Against the control `{spec.Control}`, paired by seed: the mean and the IQM of the differences (learner − control) with a bootstrap 95 % interval, and the exact two-sided Wilcoxon signed-rank p.\n\n");
        var groups = spec.Cells.GroupBy(c => (c.Env, c.CombinationText));
        foreach (var g in groups)
        {
            md.Append($"## {g.Key.Env}, {g.Key.CombinationText}\n\n");
            md.Append("| learner | final return, mean ± std over seeds | IQM | vs control: mean Δ | IQM Δ [95 % CI] | Wilcoxon p |\n|---|---:|---:|---:|---:|---:|\n");
            var control = g.Where(c => c.Learner == spec.Control).ToDictionary(c => c.Seed, c => results[c.Job].FinalMean);
            foreach (var learner in spec.Learners)
            {
                var mine = g.Where(c => c.Learner == learner).ToList();
                var finals = mine.Select(c => results[c.Job].FinalMean).ToArray();
                var (mean, sd) = PairedStats.MeanAndStd(finals);
                md.Append($"| {learner} | {mean.ToString("F1", inv)} ± {sd.ToString("F1", inv)} | {PairedStats.InterquartileMean(finals).ToString("F1", inv)} |");
                if (learner == spec.Control) { md.Append(" control | | |\n"); continue; }
                var diffs = mine.Where(c => control.ContainsKey(c.Seed)).Select(c => results[c.Job].FinalMean - control[c.Seed]).ToArray();
                var (lo, hi) = PairedStats.BootstrapIqm(diffs);
                md.Append($" {diffs.Average().ToString("+0.0;-0.0;0.0", inv)} | {PairedStats.InterquartileMean(diffs).ToString("+0.0;-0.0;0.0", inv)} [{lo.ToString("F1", inv)}, {hi.ToString("F1", inv)}] | " +
                          $"{(diffs.Length >= 2 ? PairedStats.WilcoxonText(diffs, "G3") : "–")} |\n");
            }
            md.Append('\n');
        }
        md.Append("Every job's figures: `summary.csv`; its agent: `jobs/<job>/best.agent`.\n");
        return md.ToString();
    }

    // `rein2 sweep status DIR`
    static int Status(string[] args, TextWriter stdout)
    {
        var p = Commands.SweepStatus.Parse(args, 2);
        string dir = p.Positional[0];
        var names = JobList.Read(dir);
        var store = new JobStore(dir);
        var states = names.Select(n => (Name: n, Status: store.Status(n))).ToList();
        foreach (var (name, (state, detail)) in states)
            stdout.WriteLine($"{state,-12} {name}{(detail.Length > 0 ? $"  ({detail})" : "")}");
        var counts = states.GroupBy(s => s.Status.State).OrderBy(g => Array.IndexOf(JobStore.States, g.Key)).Select(g => $"{g.Count()} {g.Key}");
        stdout.WriteLine($"{names.Count} jobs: {string.Join(", ", counts)}");
        return CommandLine.Ok;
    }
}
