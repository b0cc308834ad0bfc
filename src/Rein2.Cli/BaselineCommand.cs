// `rein2 baseline --algo ppo|a2c|dqn --env ID [--seed N] [--steps N] [--eval-every N]
//  [--eval-episodes N] [--out DIR] [--set key=value ...] [--checkpoint-every N]` or
// `rein2 baseline --resume DIR [--steps N]`: trains with the RL Zoo preset for the pair and writes
// DIR/progress.csv, DIR/monitor.csv, DIR/summary.json, DIR/model.bin and DIR/checkpoint.bin (every N
// env steps, on Ctrl-C/SIGTERM and at the end). A resumed run is bit-identical to an uninterrupted one
// with the same total; raising the total changes schedules from then on, as SB3's
// learn(reset_num_timesteps=False) does.
using System.Globalization;
using System.Text;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class BaselineCommand
{
    static readonly string[] SettingFlags = ["--algo", "--env", "--seed", "--eval-every", "--eval-episodes", "--out", "--config"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var (rest, sets) = SetArgs.Split(args, 1);
        var p = new ArgParser("baseline", rest, 0, [.. SettingFlags, "--steps", .. CheckpointSchedule.Flags, "--resume"], ["--print-config"]);
        string algo, envId, outDir;
        ulong seed;
        long? evalEveryFlag;
        int evalEpisodes;
        OpenCheckpoint? resume = null;
        if (p.Get("--resume") is string dir)
        {
            resume = CheckpointSchedule.OpenForResume("baseline", dir, p, SettingFlags, sets.Count);
            try
            {
                algo = resume.Get("algo"); envId = resume.Get("env");
                seed = ulong.Parse(resume.Get("seed"), CultureInfo.InvariantCulture);
                evalEveryFlag = long.Parse(resume.Get("eval_every"), CultureInfo.InvariantCulture);
                evalEpisodes = int.Parse(resume.Get("eval_episodes"), CultureInfo.InvariantCulture);
                if (algo is not ("ppo" or "a2c" or "dqn") || !EnvRegistry.Ids.Contains(envId) || evalEveryFlag < 1 || evalEpisodes < 1)
                    throw new FormatException($"algo {algo}, env {envId}, eval_every {evalEveryFlag}, eval_episodes {evalEpisodes}");
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InvalidDataException($"{resume.Path}: its settings are invalid: {e.Message}");
            }
            sets.InsertRange(0, resume.Settings.Where(kv => kv.Key is not ("algo" or "env" or "seed" or "eval_every" or "eval_episodes")).Select(kv => (kv.Key, kv.Value)));
            outDir = dir;
        }
        else
        {
            // precedence: preset < config file < flags (--steps and --set)
            if (p.Get("--config") is string cfg) sets.InsertRange(0, ConfigFile.Read(cfg));
            algo = (p.Get("--algo") ?? "ppo").ToLowerInvariant();
            if (algo is not ("ppo" or "a2c" or "dqn")) throw new UsageException($"--algo {algo} is not known; allowed: ppo, a2c, dqn.");
            envId = p.Get("--env") ?? "CartPole-v1";
            if (!EnvRegistry.Ids.Contains(envId)) throw new UsageException($"Unknown environment id '{envId}'. Known ids: {string.Join(", ", EnvRegistry.Ids)}.");
            seed = p.GetUInt64("--seed", 0);
            evalEveryFlag = p.Has("--eval-every") ? (long)Math.Min(p.GetUInt64("--eval-every", 1), long.MaxValue) : null;
            if (evalEveryFlag == 0) throw new UsageException("--eval-every must be at least 1.");
            evalEpisodes = (int)Math.Min(p.GetUInt64("--eval-episodes", 10), 100_000);
            if (evalEpisodes < 1) throw new UsageException("--eval-episodes must be at least 1.");
            outDir = p.Get("--out") ?? Path.Combine("runs", $"baseline-{algo}-{envId}-{seed}");
        }
        long? steps = p.Has("--steps") ? (long)Math.Min(p.GetUInt64("--steps", 0), long.MaxValue) : null;
        if (steps == 0) throw new UsageException("--steps must be at least 1.");
        if (steps is long s0) sets.Add(("n_timesteps", s0.ToString(CultureInfo.InvariantCulture)));
        ulong evalSeed = seed + 1_000_003UL; // evaluation episodes never share initial states with training lanes

        ITrainer trainer;
        KeyValuePair<string, string>[] hyper;
        try { (trainer, hyper) = algo == "dqn" ? Dqn(envId, sets, seed) : OnPolicy(algo, envId, sets, seed); }
        catch (InvalidSettingException e) when (resume != null) { throw new InvalidDataException($"{resume.Path}: its settings are invalid: {e.Message}"); }
        if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(hyper)); return CommandLine.Ok; }
        OutputDirectory.Prepare(outDir, resume != null ? "--resume" : "--out");
        var monitor = trainer is DqnTrainer dqn ? dqn.Monitor : ((OnPolicyTrainer)trainer).Monitor;
        var envSpec = EnvRegistry.Spec(envId);
        EvalResult Evaluate(int episodes, ulong from) => Evaluation.Run(envSpec, trainer.Agent, episodes, from);
        long evalEvery = evalEveryFlag ?? Math.Max(trainer.TotalSteps / 20, 1);
        KeyValuePair<string, string>[] settings =
        [
            new("algo", algo), new("env", envId), new("seed", seed.ToString(CultureInfo.InvariantCulture)),
            new("eval_every", evalEvery.ToString(CultureInfo.InvariantCulture)), new("eval_episodes", evalEpisodes.ToString(CultureInfo.InvariantCulture)),
            .. hyper,
        ];

        var clock = new RunClock();
        var bar = Progress.For(stdout, stderr, trainer.TotalSteps, "env steps");
        double threshold = envSpec.RewardThreshold ?? double.PositiveInfinity;
        var tracker = new EvalTracker(evalEvery, threshold, () => clock.Seconds, bar, () => Evaluate(evalEpisodes, evalSeed));
        void SyncRun(StateArchive a)
        {
            a.Section("baseline-log");
            clock.Sync(a);
            tracker.Sync(a);
            trainer.Sync(a);
        }
        if (resume != null)
        {
            resume.Restore(SyncRun);
            if (steps is long s && s < trainer.Steps)
                throw new UsageException($"--steps {trainer.TotalSteps} is below the {trainer.Steps} env steps {outDir} has already taken.");
        }

        clock.Start();
        var schedule = CheckpointSchedule.FromFlags(p, outDir, interrupt, trainer.Steps);
        void Checkpoint()
        {
            schedule.Save(trainer.Steps, "baseline", settings, SyncRun);
            JsonOut.WriteAtomically(Path.Combine(outDir, "progress.csv"), tracker.Rows);
        }
        string Status() => trainer is DqnTrainer d ? $" ε {d.ExplorationRate:F2}" : "";
        if (!schedule.Drive(trainer, _ => tracker.After(trainer.Steps, trainer.Done, monitor, Status()), Checkpoint, "baseline", outDir, bar, stderr))
            return CommandLine.Interrupted;
        bar.Finish();
        double wallTotal = clock.Seconds;
        var final = Evaluate(100, evalSeed + 1);
        SaveModel(trainer, Path.Combine(outDir, "model.bin"));

        var mon = new StringBuilder("r,l,env_step\n");
        foreach (var (r, l, at) in monitor.Finished) mon.Append(JsonOut.Num(r)).Append(',').Append(l).Append(',').Append(at).Append('\n');
        JsonOut.WriteAtomically(Path.Combine(outDir, "monitor.csv"), mon.ToString());
        long envSteps = trainer.Steps;
        var summary = RunStamp.AddTo(new JsonOut(), args)
            .Add("algo", algo).Add("env", envId).Add("seed", (long)seed)
            .AddObject("hyperparameters", hyper)
            .Add("env_steps", envSteps).Add("wall_s", wallTotal).Add("env_steps_per_s", envSteps / wallTotal)
            .Add("final_eval_episodes", (long)final.Episodes).Add("final_eval_mean", final.Mean).Add("final_eval_std", final.Std)
            .Add("train_ep_rew_mean_last100", monitor.MeanReturn)
            .Add("solved_threshold", double.IsFinite(threshold) ? threshold : null)
            .Add("solved_at_env_step", tracker.SolvedAt)
            .AddObject("settings", settings);
        JsonOut.WriteAtomically(Path.Combine(outDir, "summary.json"), summary.ToString());
        stdout.WriteLine($"{algo} {envId} seed {seed}: {envSteps} env steps in {wallTotal:F1} s ({envSteps / wallTotal:F0}/s); " +
                         $"final eval {final.Mean:F1} ± {final.Std:F1} over {final.Episodes} episodes; solved at {(tracker.SolvedAt?.ToString(CultureInfo.InvariantCulture) ?? "never")}; wrote {outDir}");
        return CommandLine.Ok;
    }

    static (ITrainer, KeyValuePair<string, string>[]) Dqn(string envId, List<(string Key, string Value)> sets, ulong seed)
    {
        var o = Presets.Dqn(envId);
        foreach (var (k, v) in sets) o = OptionKeys.Set(o, k, v);
        return (new DqnTrainer(envId, o, seed), OptionKeys.Describe(o).ToArray());
    }

    static (ITrainer, KeyValuePair<string, string>[]) OnPolicy(string algo, string envId, List<(string Key, string Value)> sets, ulong seed)
    {
        var o = Presets.OnPolicy(algo == "ppo" ? OnPolicyAlgo.Ppo : OnPolicyAlgo.A2c, envId);
        foreach (var (k, v) in sets) o = OptionKeys.Set(o, k, v);
        return (new OnPolicyTrainer(envId, o, seed), OptionKeys.Describe(o).ToArray());
    }

    // model.bin: a DQN's Q-network model, or the actor-critic with its normalisation statistics
    static void SaveModel(ITrainer trainer, string path)
    {
        if (trainer is DqnTrainer d) ModelFiles.SaveQNetwork(path, d.EnvId, d.Q);
        else AgentFiles.Save(path, trainer.Agent);
    }

    // Periodic evaluation during training: a progress.csv row and the first step that reached the
    // env's solved threshold. Its state is part of the checkpoint.
    sealed class EvalTracker(long every, double threshold, Func<double> wallClock, Progress bar, Func<EvalResult> evaluate)
    {
        readonly StringBuilder _rows = new("env_step,wall_s,eval_mean,eval_std,ep_rew_mean,ep_len_mean,episodes\n");
        readonly long _every = every;
        long _next = every;
        double _solvedAt = double.NaN;

        public double? SolvedAt => double.IsNaN(_solvedAt) ? null : _solvedAt;
        public string Rows => _rows.ToString();

        public void After(long step, bool done, EpisodeMonitor m, string extra)
        {
            if (step < _next && !done) { bar.Report(step, $"ep_rew_mean {m.MeanReturn:F1}{extra}"); return; }
            var e = evaluate();
            _rows.Append(step).Append(',').Append(JsonOut.Num(wallClock())).Append(',').Append(JsonOut.Num(e.Mean)).Append(',').Append(JsonOut.Num(e.Std))
                .Append(',').Append(JsonOut.Num(m.MeanReturn)).Append(',').Append(JsonOut.Num(m.MeanLength)).Append(',').Append(m.Finished.Count).Append('\n');
            if (double.IsNaN(_solvedAt) && e.Mean >= threshold) _solvedAt = step;
            while (_next <= step) _next += _every;
            bar.Report(step, $"eval {e.Mean:F1} ep_rew_mean {m.MeanReturn:F1}{extra}", true);
        }

        public void Sync(StateArchive a)
        {
            string rows = _rows.ToString();
            a.Sync(ref rows); a.Sync(ref _next); a.Sync(ref _solvedAt);
            if (a.IsLoading) _rows.Clear().Append(rows);
        }
    }
}
