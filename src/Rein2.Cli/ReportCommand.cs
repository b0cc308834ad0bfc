// `rein2 report DIR [--out FILE]`: one self-contained HTML page (HtmlPage) for a run directory of
// `train`, `baseline`, `reproduce table1` or `reproduce meta` — what was run (command, settings,
// version, SIMD path), the learning curves, the evaluation statistics, the best agent playing one
// fresh episode, for table1 the table with the paper's values beside ours, for meta its tables. The
// kind is read from the directory's files: table1.json, meta.md with runs.jsonl, or summary.json
// with "meta" (train) or "algo" (baseline).
using System.Globalization;
using System.Text.Json;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class ReportCommand
{
    // the animation's episode: fresh (never a training or evaluation seed of the run)
    const ulong AnimationSeedOffset = 7_000_001UL;

    public static int Run(string[] args, TextWriter stdout)
    {
        var p = Commands.Report.Parse(args, 1);
        string dir = p.Positional[0];
        if (!Directory.Exists(dir)) throw new UsageException($"report: {dir} is not a directory.");
        string outPath = p.Get("--out") ?? Path.Combine(dir, "report.html");
        OutputDirectory.CheckFileTarget(outPath);
        var (kind, page) = Build(dir);
        string html = page.ToString();
        OutputDirectory.WriteFile(outPath, html);
        stdout.WriteLine($"{kind} run {dir}: report of {html.Length / 1024} KB → {outPath}");
        return CommandLine.Ok;
    }

    /// <summary>The page for <paramref name="dir"/> and the run kind it found there.</summary>
    public static (string Kind, HtmlPage Page) Build(string dir)
    {
        if (File.Exists(Path.Combine(dir, "table1.json"))) return ("table1", Table1(RefuseMixed(dir, "table1")));
        if (File.Exists(Path.Combine(dir, "meta.md")) && File.Exists(Path.Combine(dir, "runs.jsonl"))) return ("meta", Meta(RefuseMixed(dir, "meta")));
        if (File.Exists(Path.Combine(dir, "sweep.json"))) return ("sweep", Sweep(RefuseMixed(dir, "sweep")));
        if (File.Exists(Path.Combine(dir, "table1.md")))
            throw new InvalidDataException($"{dir} has table1.md but no table1.json (an older reproduce table1 wrote it); re-run reproduce table1 to get a report.");
        string summaryPath = Path.Combine(dir, "summary.json");
        if (!File.Exists(summaryPath))
            throw new InvalidDataException($"{dir} is not a finished run of train, baseline, reproduce table1, reproduce meta or sweep: it has none of summary.json, table1.json, meta.md, sweep.json.");
        var s = RunFiles.ReadJson(summaryPath);
        if (s.Text("meta") != null) return ("train", Train(RefuseMixed(dir, "train"), s));
        if (s.Text("algo") != null) return ("baseline", Baseline(RefuseMixed(dir, "baseline"), s));
        throw new InvalidDataException($"{summaryPath} names neither \"meta\" (train) nor \"algo\" (baseline).");
    }

    // Files that only another kind of run writes, by kind, and the header its progress.csv starts with:
    // a directory holding both is two runs mixed (a run written into another's directory), never reported.
    static readonly Dictionary<string, (string[] Foreign, string? Progress)> Kinds = new()
    {
        ["train"] = ([RunDirectory.ModelFileName, RunDirectory.MonitorFileName, "table1.json", "meta.md", "runs.jsonl"], "meta_step,"),
        ["baseline"] = ([RunDirectory.BestAgentFileName, "table1.json", "meta.md", "runs.jsonl"], "env_step,"),
        ["table1"] = ([RunDirectory.SummaryFileName, RunDirectory.CheckpointFileName, "meta.md", "runs.jsonl"], null),
        ["meta"] = ([RunDirectory.SummaryFileName, RunDirectory.CheckpointFileName, "table1.json", "table1.md", "sweep.json"], null),
        ["sweep"] = ([RunDirectory.SummaryFileName, RunDirectory.CheckpointFileName, "table1.json", "table1.md", "meta.md", "runs.jsonl"], null),
    };

    static string RefuseMixed(string dir, string kind)
    {
        var (foreign, progress) = Kinds[kind];
        var found = foreign.Where(f => File.Exists(Path.Combine(dir, f))).ToList();
        string progressPath = Path.Combine(dir, RunDirectory.ProgressFileName);
        if (progress != null && File.Exists(progressPath) && File.ReadLines(progressPath).FirstOrDefault() is string header && !header.StartsWith(progress, StringComparison.Ordinal))
            found.Add($"{RunDirectory.ProgressFileName} of another kind of run");
        if (found.Count > 0)
            throw new InvalidDataException($"{dir} mixes two runs: a {kind} run and {string.Join(", ", found)}. Report each run from a directory of its own.");
        return dir;
    }

    static HtmlPage Train(string dir, JsonElement s)
    {
        string env = s.Text("env") ?? throw new InvalidDataException($"{dir}/summary.json has no env.");
        var page = new HtmlPage($"REIN-2 with a {s.Text("meta")} meta-learner on {env}, seed {s.Text("seed")}");
        double threshold = s.Number("reward_threshold");
        page.Heading("Result", "result").Table(["measure", "value"],
        [
            [$"best produced agent during training ({s.Text("episodes") ?? "10"}-episode mean)", $"{N(s.Number("best_mean"))} at meta step {s.Text("best_step")}"],
            [$"best agent re-evaluated on {s.Text("final_eval_episodes")} fresh episodes", MeanAndStd(s)],
            ["solved threshold (Gymnasium's reward_threshold)", double.IsNaN(threshold) ? "none" : N(threshold)],
            ["meta steps · inner env steps", $"{I(s.Number("meta_steps"))} · {I(s.Number("inner_env_steps"))}"],
            ["wall time · speed", $"{N(s.Number("wall_s"))} s · {I(s.Number("meta_steps_per_s"))} meta steps/s, {I(s.Number("inner_env_steps_per_s"))} inner env steps/s"],
        ]);
        string episodes = s.Text("episodes") ?? "10";
        // runs from before the modules (issue 32) name no subset: theirs was the RBV of a Q-network
        string subset = s.Text("subset") switch
        {
            null or "rbv" => $"the RBV (a random fraction, here {s.Text("rbv")}, of the produced agent's weights)",
            "layer" => "the output layer of the produced agent's network",
            "subspace" => $"a point of a random subspace through the network's initial weights ({s.Text("rbv_size")} dimensions, every weight moving)",
            var other => $"its own subset of the produced agent's weights ({other}, {s.Text("rbv_size")} values)",
        };
        string agent = s.Text("produced_agent") ?? "greedy-q";
        string plays = agent.StartsWith("deterministic-actor", StringComparison.Ordinal) ? "plays" : "plays greedily";
        page.Paragraph($"Every meta step the meta-learner writes {subset} and the produced agent ({agent}) {plays} {episodes} episodes; the best agent is the one with the highest such mean, re-evaluated once more on fresh episodes at the end, because a maximum over noisy {episodes}-episode means is biased upward.", CssClass.Note);

        string log = Path.Combine(dir, "progress.csv");
        var csv = RunFiles.ReadCsv(log);
        double[] x = csv.Column("meta_step", log), y = csv.Column("reward", log), best = csv.Column("best_so_far", log);
        int smooth = Math.Max(1, x.Length / 100);
        page.Heading("Learning curve", "curves").Figures(
        [
            (SvgPlot.Render($"{env}: the produced agents", "meta step", $"mean return over {episodes} {(plays == "plays" ? "" : "greedy ")}episodes",
                [new PlotSeries("produced agent", x, SvgPlot.Smooth(y, smooth), "#1f77b4"), new PlotSeries("best so far", x, best, "#d62728", Dashed: true)], 1,
                $"solid: the produced agent's {episodes}-episode mean{(smooth > 1 ? $", trailing mean of {smooth} meta steps" : "")}; dashed: best so far"),
             "A learner's solid line rises; a search's stays flat while its best so far climbs (docs/rein2.md)."),
        ], wide: true);
        Animation(page, dir, "best.agent", env, Seed(dir, s));
        WhatWasRun(page, s, s.Pairs("settings").Count > 0 ? s.Pairs("settings") : Scalars(s, ["env", "meta", "seed", "rbv", "episodes", "bound", "bound_mode", "episode_length"]));
        return page;
    }

    // "mean ± std (std)" with the mean large
    static Markup MeanAndStd(JsonElement s) =>
        Markup.Span(CssClass.NoWrap, Markup.Span(CssClass.Stat, N(s.Number("final_eval_mean"))) + $" ± {N(s.Number("final_eval_std"))}") + " (std)";

    static HtmlPage Baseline(string dir, JsonElement s)
    {
        string env = s.Text("env") ?? throw new InvalidDataException($"{dir}/summary.json has no env.");
        string algo = (s.Text("algo") ?? "").ToUpperInvariant();
        var page = new HtmlPage($"{algo} on {env}, seed {s.Text("seed")}");
        double threshold = s.Number("solved_threshold");
        page.Heading("Result", "result").Table(["measure", "value"],
        [
            [$"final agent on {s.Text("final_eval_episodes")} fresh episodes (deterministic)", MeanAndStd(s)],
            ["training episodes' mean return (last 100)", N(s.Number("train_ep_rew_mean_last100"))],
            ["solved threshold · first reached at", double.IsNaN(threshold) ? "none" : $"{N(threshold)} · {(s.Text("solved_at_env_step") is string solvedAt ? $"env step {solvedAt}" : "never")}"],
            ["env steps · wall time · speed", $"{I(s.Number("env_steps"))} · {N(s.Number("wall_s"))} s · {I(s.Number("env_steps_per_s"))} env steps/s"],
        ]);

        string log = Path.Combine(dir, "progress.csv"), monPath = Path.Combine(dir, "monitor.csv");
        var csv = RunFiles.ReadCsv(log);
        double[] step = csv.Column("env_step", log), mean = csv.Column("eval_mean", log), sd = csv.Column("eval_std", log);
        var mon = RunFiles.ReadCsv(monPath);
        double[] at = mon.Column("env_step", monPath), ret = mon.Column("r", monPath);
        int smooth = Math.Max(1, Math.Min(100, ret.Length / 50));
        page.Heading("Learning curves", "curves").Figures(
        [
            (SvgPlot.Render($"{env}: {algo} evaluations", "env step", "mean return (deterministic)",
                [new PlotSeries("evaluation", step, mean, "#1f77b4", mean.Zip(sd, (m, d) => m - d).ToArray(), mean.Zip(sd, (m, d) => m + d).ToArray())], 1,
                "line: mean over the evaluation episodes; shaded: ± one standard deviation"),
             "The agent as it was at each evaluation, acting deterministically on fresh episodes."),
            (SvgPlot.Render($"{env}: {algo} training episodes", "env step", "episode return", [new PlotSeries("training episode", at, ret, "#2ca02c")], smooth,
                $"trailing mean of {smooth} episode{(smooth > 1 ? "s" : "")} (with exploration: stochastic policy or ε-greedy)"),
             "Returns of the episodes the trainer itself played (Monitor), as SB3 logs ep_rew_mean."),
        ]);
        Animation(page, dir, "model.bin", env, Seed(dir, s));
        WhatWasRun(page, s, s.Pairs("settings").Count > 0 ? s.Pairs("settings") : s.Pairs("hyperparameters"));
        return page;
    }

    static HtmlPage Table1(string dir)
    {
        string json = Path.Combine(dir, "table1.json");
        var t = RunFiles.ReadJson(json);
        var page = new HtmlPage("Table 1 of the REIN-2 paper, reproduced");
        page.Paragraph($"{t.Text("seeds")} seeds per cell at scale {t.Text("scale")} of the paper's snapshot steps; each cell is ours, mean ± std over seeds, with the paper's value beneath. " +
                       "REIN-2 rows are indexed by meta steps and report the best-so-far mean return of the produced agents (10 greedy episodes each); PPO/A2C rows are indexed by env steps and report a 10-episode deterministic evaluation.");
        double seedCount = RunFiles.Required(t, "seeds", json, JsonValueKind.Number).GetDouble();
        if (seedCount is not (>= 1 and <= 100) || seedCount != Math.Floor(seedCount))
            throw new InvalidDataException($"{json}: \"seeds\" is {seedCount}; allowed: an integer from 1 to 100 (what reproduce table1 writes).");
        int seeds = (int)seedCount;
        foreach (var e in RunFiles.Required(t, "envs", json, JsonValueKind.Array).EnumerateArray())
        {
            string env = RunFiles.Required(e, "env", json, JsonValueKind.String).GetString()!;
            if (!EnvRegistry.Ids.Contains(env)) throw new InvalidDataException($"{json}: env '{env}' is not a known environment ({string.Join(", ", EnvRegistry.Ids)}).");
            var marks = RunFiles.Numbers(RunFiles.Required(e, "marks", json, JsonValueKind.Array), json, "marks");
            var rows = new List<IReadOnlyList<Markup>>();
            foreach (var r in RunFiles.Required(e, "rows", json, JsonValueKind.Array).EnumerateArray())
            {
                var cells = new List<Markup> { r.Text("label") ?? r.Text("row") ?? "" };
                var paper = r.TryGetProperty("paper", out var pv) ? RunFiles.Numbers(pv, json, "paper") : null;
                for (int k = 0; k < marks.Length; k++)
                {
                    var (m, sd) = PairedStats.MeanAndStd(RunFiles.Numbers(RunFiles.Required(r, $"at_{k}", json, JsonValueKind.Array), json, $"at_{k}"));
                    cells.Add(Markup.Span(CssClass.NoWrap, $"{N(m)} ± {N(sd)}") +
                              (paper != null && k < paper.Length ? Markup.Break + Markup.Span(CssClass.Paper, $"paper {N(paper[k], 2)}") : default));
                }
                cells.Add(r.TryGetProperty("inner_env_steps", out var inner) ? string.Join(" / ", RunFiles.Numbers(inner, json, "inner_env_steps").Select(I)) : "–");
                rows.Add(cells);
            }
            page.Heading(env, env);
            page.Table(["algorithm \\ step", .. marks.Select(m => I(m)), "inner env steps"], rows);
            var figures = new List<(string, string)>();
            if (marks.Length > 0)
                figures.Add((Table1Figure(dir, env, seeds, (long)marks[^1]), $"{env}: the REIN-2 rows' learning curves over all seeds."));
            if (e.TryGetProperty("best_agent", out var ba) && ba.ValueKind == JsonValueKind.Object && ba.Text("file") is string file)
                figures.Add(AnimationFigure(dir, file, env, AnimationSeedOffset, $" — the grid's best REIN-2 agent ({ba.Text("row")}, seed {ba.Text("seed")}, best 10-episode mean {N(double.TryParse(ba.Text("best"), NumberStyles.Float, CultureInfo.InvariantCulture, out double b) ? b : double.NaN)})"));
            page.Figures(figures);
        }
        WhatWasRun(page, t, [("seeds", t.Text("seeds") ?? ""), ("scale", t.Text("scale") ?? ""), ("wall time (min)", N(t.Number("wall_min")))]);
        return page;
    }

    // the curves figure reproduce table1 drew, drawn again from the per-job logs in DIR/runs
    static string Table1Figure(string dir, string env, int seeds, long lastMark)
    {
        var rows = ReproduceCommand.Rein2Rows.Select(row => (row, Enumerable.Range(0, seeds).Select(seed =>
        {
            string csv = Path.Combine(dir, "runs", ReproduceCommand.JobCsv(env, row, seed));
            return RunFiles.ReadCsv(csv).Column("reward", csv);
        }).ToList())).ToList();
        return ReproduceCommand.Figure(env, rows, lastMark);
    }

    // reproduce meta: its meta.md section by section, each env followed by the best agents of random
    // search and of the method whose re-evaluated agents scored highest on average; the curves drawn
    // from runs.jsonl, never read from the directory's SVG files
    static HtmlPage Meta(string dir)
    {
        string md = InputFiles.ReadText(Path.Combine(dir, "meta.md"), RunFiles.MaxRunFileBytes);
        string title = md.Split('\n').FirstOrDefault(l => l.StartsWith("# "))?[2..].Replace("`", "") ?? "Meta-learners against random search";
        var page = new HtmlPage(title);
        string jsonl = Path.Combine(dir, "runs.jsonl");
        var runs = InputFiles.ReadText(jsonl, RunFiles.MaxRunFileBytes).Split('\n').Select((l, n) => (l, n)).Where(x => x.l.Trim().Length > 0).Select(x =>
        {
            try { return JsonDocument.Parse(x.l).RootElement.Clone(); }
            catch (JsonException e) { throw new InvalidDataException($"{jsonl}, line {x.n + 1}: not valid JSON ({RunFiles.Describe(e).TrimStart(',', ':', ' ').TrimEnd('.')})."); }
        }).ToList();
        var stamp = File.Exists(Path.Combine(dir, "meta.json")) ? RunFiles.ReadJson(Path.Combine(dir, "meta.json")) : JsonDocument.Parse("{}").RootElement;
        double scale = double.IsFinite(stamp.Number("scale")) && stamp.Number("scale") > 0 ? stamp.Number("scale") : 1;
        (string, string)? Draw(string file)
        {
            string? env = runs.Select(r => r.Text("env")).FirstOrDefault(e => e != null && MetaProtocolCommand.FigureFile(e) == file);
            if (env == null || MetaProtocolCommand.Budget(env, scale) is not long budget) return null;
            var inEnv = runs.Where(r => r.Text("env") == env).ToList();
            var methods = inEnv.Select(r => r.Text("method") ?? "").Distinct().Select(m => (m, inEnv.Where(r => r.Text("method") == m)
                .Select(r => r.TryGetProperty("mean_return_per_bin", out var c) ? RunFiles.Numbers(c, jsonl, "mean_return_per_bin") : []).ToList())).ToList();
            int seeds = methods.Count > 0 ? methods.Min(m => m.Item2.Count) : 0;
            return (MetaProtocolCommand.Figure(env, methods, budget, seeds), env);
        }
        var sections = md.Split("\n## ");
        MarkdownHtml.Append(page, sections[0], dir, Draw);
        foreach (var section in sections.Skip(1))
        {
            MarkdownHtml.Append(page, "## " + section, dir, Draw);
            string env = section.Split(' ')[0];
            var inEnv = runs.Where(r => r.Text("env") == env).ToList();
            var best = inEnv.Where(r => r.Text("method") is string m && m != "random").GroupBy(r => r.Text("method")!)
                .OrderByDescending(g => g.Average(r => r.Number("reeval_100"))).Select(g => g.Key).FirstOrDefault();
            var figures = new List<(string, string)>();
            foreach (var method in new[] { "random", best }.OfType<string>())
            {
                string agent = Path.Combine("agents", $"{env}-{method}.agent");
                if (EnvRegistry.Ids.Contains(env) && InputFiles.InsideDirectory(dir, agent, InputFiles.MaxAgentBytes) is null)
                    figures.Add(AnimationFigure(dir, agent, env, AnimationSeedOffset, $" — the best agent {method} produced (of its seeds)"));
            }
            if (figures.Count > 0) page.Figures(figures);
        }
        WhatWasRun(page, stamp, [("seeds", stamp.Text("seeds") ?? "not recorded"), ("first seed", stamp.Text("first_seed") ?? "0"), ("scale", stamp.Text("scale") ?? "not recorded")]);
        return page;
    }

    // rein2 sweep: its sweep.md (the paired comparisons), then what was run
    static HtmlPage Sweep(string dir)
    {
        string md = InputFiles.ReadText(Path.Combine(dir, "sweep.md"), RunFiles.MaxRunFileBytes);
        var page = new HtmlPage(md.Split('\n').FirstOrDefault(l => l.StartsWith("# "))?[2..].Replace("`", "") ?? "Sweep");
        MarkdownHtml.Append(page, string.Join('\n', md.Split('\n').SkipWhile(l => !l.StartsWith("# ")).Skip(1)), dir, _ => null);
        var stamp = RunFiles.ReadJson(Path.Combine(dir, "sweep.json"));
        WhatWasRun(page, stamp, [("jobs", stamp.Text("jobs") ?? "not recorded"), ("control", stamp.Text("control") ?? "not recorded")]);
        return page;
    }

    // the agent of the run playing one fresh episode, as the animation of `rein2 render`
    static void Animation(HtmlPage page, string dir, string file, string env, ulong seed)
    {
        page.Heading("The agent playing", "agent").Figures([AnimationFigure(dir, file, env, seed + AnimationSeedOffset, "")]);
    }

    static (string Svg, string Caption) AnimationFigure(string dir, string file, string env, ulong seed, string who)
    {
        string path = Path.Combine(dir, file);
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing: the run did not finish, or the file was moved.");
        if (InputFiles.InsideDirectory(dir, file, InputFiles.MaxAgentBytes) is string refused) throw new InvalidDataException($"{path} is not shown: {refused}.");
        if (!EnvRegistry.Ids.Contains(env)) throw new InvalidDataException($"{dir}: environment '{env}' is not known ({string.Join(", ", EnvRegistry.Ids)}).");
        var agent = AgentFile.Load(path);
        if (agent.EnvId != env) throw new InvalidDataException($"{path} is an agent for {agent.EnvId}, but the run is on {env}.");
        var e = EnvRegistry.Make(env);
        var frames = EpisodePlayer.Play(e, agent, seed, 1, e.MaxEpisodeSteps);
        string svg = EpisodeSvg.Render(env, frames, EpisodeSvg.Fps(env), 600, 400, $"{env}, {file} (greedy), seed {seed}");
        return (svg, $"{file}{who}: one fresh episode (seed {seed}), greedy actions, return {N(frames[^1].Return)} in {frames.Count - 1} steps; real time, repeating.");
    }

    static void WhatWasRun(HtmlPage page, JsonElement s, List<(string Key, string Value)> settings)
    {
        page.Heading("What was run", "run");
        page.Code(s.Text("command") ?? "(the command was not recorded: an older run)");
        page.KeyValues([("rein2 version", s.Text("version") ?? "not recorded"), ("SIMD path", s.Text("simd") ?? "not recorded"), .. settings]);
    }

    static ulong Seed(string dir, JsonElement s) =>
        ulong.TryParse(s.Text("seed"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed
            : throw new InvalidDataException($"{Path.Combine(dir, "summary.json")}: seed '{s.Text("seed")}' is not a non-negative integer.");

    static List<(string, string)> Scalars(JsonElement s, string[] keys) => keys.Where(k => s.Text(k) != null).Select(k => (k, s.Text(k)!)).ToList();

    static string N(double v, int decimals = 1) => double.IsFinite(v) ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "–";
    static string I(double v) => double.IsFinite(v) ? v.ToString("N0", CultureInfo.InvariantCulture) : "–";
}
