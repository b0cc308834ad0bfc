// `rein2 baseline --algo ppo|a2c|dqn --env ID [--seed N] [--steps N] [--eval-every N]
//  [--eval-episodes N] [--out DIR] [--set key=value ...]`: trains with the RL Zoo preset for the pair
// and writes DIR/progress.csv, DIR/monitor.csv, DIR/summary.json and DIR/model.bin.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class BaselineCommand
{
    public static int Run(string[] args, TextWriter stdout)
    {
        var (rest, sets) = SetArgs.Split(args, 1);
        var p = new ArgParser("baseline", rest, 0, ["--algo", "--env", "--seed", "--steps", "--eval-every", "--eval-episodes", "--out", "--config"], ["--print-config"]);
        // precedence: preset < config file < flags (--steps and --set)
        if (p.Get("--config") is string cfg) sets.InsertRange(0, ConfigFile.Read(cfg));
        string algo = (p.Get("--algo") ?? "ppo").ToLowerInvariant();
        if (algo is not ("ppo" or "a2c" or "dqn")) throw new UsageException($"--algo {algo} is not known; allowed: ppo, a2c, dqn.");
        string envId = p.Get("--env") ?? "CartPole-v1";
        if (!EnvRegistry.Ids.Contains(envId)) throw new UsageException($"Unknown environment id '{envId}'. Known ids: {string.Join(", ", EnvRegistry.Ids)}.");
        ulong seed = p.GetUInt64("--seed", 0);
        long? steps = p.Has("--steps") ? (long)p.GetUInt64("--steps", 0) : null;
        if (steps == 0) throw new UsageException("--steps must be at least 1.");
        int evalEpisodes = (int)Math.Min(p.GetUInt64("--eval-episodes", 10), 100_000);
        if (evalEpisodes < 1) throw new UsageException("--eval-episodes must be at least 1.");
        string outDir = p.Get("--out") ?? Path.Combine("runs", $"baseline-{algo}-{envId}-{seed}");

        var sw = Stopwatch.StartNew();
        var progressRows = new StringBuilder("env_step,wall_s,eval_mean,eval_std,ep_rew_mean,ep_len_mean,episodes\n");
        double? solvedAt = null;
        double threshold = EnvRegistry.Make(envId).RewardThreshold ?? double.PositiveInfinity;
        EvalResult final;
        IEnumerable<KeyValuePair<string, string>> hyper;
        EpisodeMonitor monitor;
        long envSteps;
        ulong evalSeed = seed + 1_000_003UL; // evaluation episodes never share initial states with training lanes
        Progress bar;

        if (algo == "dqn")
        {
            var o = Presets.Dqn(envId);
            foreach (var (k, v) in sets) o = OptionKeys.Set(o, k, v);
            if (steps is long s) o = o with { TotalTimesteps = s };
            if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(OptionKeys.Describe(o))); return Cli.Ok; }
            long evalEvery = (long)p.GetUInt64("--eval-every", (ulong)Math.Max(o.TotalTimesteps / 20, 1));
            var t = new DqnTrainer(envId, o, seed);
            bar = new Progress(Console.IsErrorRedirected ? stdout : Console.Error, !Console.IsErrorRedirected, o.TotalTimesteps, "env steps");
            var tracker = new EvalTracker(evalEvery, threshold, progressRows, sw, bar,
                () => Evaluation.Run(envId, evalEpisodes, evalSeed, (obs, a) => a[0] = t.Q.Act(obs)));
            t.Learn(() => tracker.After(t.NumTimesteps, t.Done, t.Monitor, $" ε {t.ExplorationRate:F2}"));
            bar.Finish();
            final = Evaluation.Run(envId, 100, evalSeed + 1, (obs, a) => a[0] = t.Q.Act(obs));
            ModelFiles.SaveQNetwork(Path.Combine(outDir, "model.bin"), envId, t.Q);
            hyper = OptionKeys.Describe(o); monitor = t.Monitor; envSteps = t.NumTimesteps; solvedAt = tracker.SolvedAt;
        }
        else
        {
            var o = Presets.OnPolicy(algo == "ppo" ? OnPolicyAlgo.Ppo : OnPolicyAlgo.A2c, envId);
            foreach (var (k, v) in sets) o = OptionKeys.Set(o, k, v);
            if (steps is long s) o = o with { TotalTimesteps = s };
            if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(OptionKeys.Describe(o))); return Cli.Ok; }
            long evalEvery = (long)p.GetUInt64("--eval-every", (ulong)Math.Max(o.TotalTimesteps / 20, 1));
            var t = new OnPolicyTrainer(envId, o, seed);
            bar = new Progress(Console.IsErrorRedirected ? stdout : Console.Error, !Console.IsErrorRedirected, o.TotalTimesteps, "env steps");
            var scratch = new float[t.Policy.ObsDim];
            var tracker = new EvalTracker(evalEvery, threshold, progressRows, sw, bar,
                () => Evaluation.Run(envId, evalEpisodes, evalSeed, (obs, a) => t.Predict(obs, 1, a, scratch)));
            t.Learn(_ => tracker.After(t.NumTimesteps, t.Done, t.Monitor, ""));
            bar.Finish();
            final = Evaluation.Run(envId, 100, evalSeed + 1, (obs, a) => t.Predict(obs, 1, a, scratch));
            ModelFiles.SaveActorCritic(Path.Combine(outDir, "model.bin"), envId, algo, t.Policy, t.Normalizer);
            hyper = OptionKeys.Describe(o); monitor = t.Monitor; envSteps = t.NumTimesteps; solvedAt = tracker.SolvedAt;
        }
        double wall = sw.Elapsed.TotalSeconds;

        var mon = new StringBuilder("r,l,env_step\n");
        foreach (var (r, l, at) in monitor.Finished) mon.Append(JsonOut.Num(r)).Append(',').Append(l).Append(',').Append(at).Append('\n');
        JsonOut.WriteAtomically(Path.Combine(outDir, "monitor.csv"), mon.ToString());
        JsonOut.WriteAtomically(Path.Combine(outDir, "progress.csv"), progressRows.ToString());
        var summary = new JsonOut()
            .Add("algo", algo).Add("env", envId).Add("seed", (long)seed)
            .AddObject("hyperparameters", hyper)
            .Add("env_steps", envSteps).Add("wall_s", wall).Add("env_steps_per_s", envSteps / wall)
            .Add("final_eval_episodes", (long)final.Episodes).Add("final_eval_mean", final.Mean).Add("final_eval_std", final.Std)
            .Add("train_ep_rew_mean_last100", monitor.MeanReturn)
            .Add("solved_threshold", double.IsFinite(threshold) ? threshold : null)
            .Add("solved_at_env_step", solvedAt)
            .Add("simd", Rein2.Pure.SimdPaths.Describe());
        JsonOut.WriteAtomically(Path.Combine(outDir, "summary.json"), summary.ToString());
        stdout.WriteLine($"{algo} {envId} seed {seed}: {envSteps} env steps in {wall:F1} s ({envSteps / wall:F0}/s); " +
                         $"final eval {final.Mean:F1} ± {final.Std:F1} over {final.Episodes} episodes; solved at {(solvedAt?.ToString(CultureInfo.InvariantCulture) ?? "never")}; wrote {outDir}");
        return Cli.Ok;
    }

    // Periodic evaluation during training: a progress.csv row and the first step that reached the
    // env's solved threshold.
    sealed class EvalTracker(long every, double threshold, StringBuilder rows, Stopwatch clock, Progress bar, Func<EvalResult> evaluate)
    {
        long _next;
        public double? SolvedAt { get; private set; }

        public void After(long step, bool done, EpisodeMonitor m, string extra)
        {
            if (_next == 0) _next = every;
            if (step < _next && !done) { bar.Report(step, $"ep_rew_mean {m.MeanReturn:F1}{extra}"); return; }
            var e = evaluate();
            rows.Append(step).Append(',').Append(JsonOut.Num(clock.Elapsed.TotalSeconds)).Append(',').Append(JsonOut.Num(e.Mean)).Append(',').Append(JsonOut.Num(e.Std))
                .Append(',').Append(JsonOut.Num(m.MeanReturn)).Append(',').Append(JsonOut.Num(m.MeanLength)).Append(',').Append(m.Finished.Count).Append('\n');
            if (SolvedAt is null && e.Mean >= threshold) SolvedAt = step;
            while (_next <= step) _next += every;
            bar.Report(step, $"eval {e.Mean:F1} ep_rew_mean {m.MeanReturn:F1}{extra}", true);
        }
    }
}
