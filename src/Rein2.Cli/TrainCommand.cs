// `rein2 train [--env ID] [--meta ppo|a2c|random] [--rbv F] [--episodes N] [--steps N] [--seed N]
//  [--set key=value ...] [--out DIR] [--checkpoint-every N]` or `rein2 train --resume DIR [--steps N]`:
// a REIN-2 run. Writes DIR/progress.csv (meta_step, inner_env_steps, wall_s, reward, best_so_far),
// DIR/summary.json, DIR/best.agent and DIR/checkpoint.bin (every N meta steps, on Ctrl-C/SIGTERM and
// at the end). A resumed run is bit-identical to one that was never interrupted.
using System.Globalization;
using System.Text;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Rein2;

namespace Rein2.Cli;

public static class TrainCommand
{
    const string ProgressHeader = "meta_step,inner_env_steps,wall_s,reward,best_so_far\n";
    static readonly string[] SettingFlags = ["--env", "--meta", "--rbv", "--episodes", "--seed", "--out", "--preset", "--config"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var (rest, sets) = SetArgs.Split(args, 1);
        var p = new ArgParser("train", rest, 0, [.. SettingFlags, "--steps", .. CheckpointSchedule.Flags, "--resume"], ["--print-config"]);
        Rein2Options o;
        string metaName, outDir;
        ulong seed;
        OpenCheckpoint? resume = null;
        if (p.Get("--resume") is string dir)
        {
            resume = CheckpointSchedule.OpenForResume("train", dir, p, SettingFlags, sets.Count);
            (o, metaName, seed) = FromSettings(resume);
            if (p.Get("--steps") is string st) o = Rein2Keys.Set(o, "steps", st);
            outDir = dir;
        }
        else
        {
            metaName = (p.Get("--meta") ?? "ppo").ToLowerInvariant();
            o = new Rein2Options { Env = p.Get("--env") ?? "CartPole-v1", MetaLearner = ParseMeta(metaName) };
            // precedence: preset < config file < flags (--rbv/--episodes/--steps and --set)
            if (p.Get("--preset") is string preset) o = Rein2Keys.ApplyPreset(o, preset);
            if (p.Get("--config") is string cfg) foreach (var (k, v) in ConfigFile.Read(cfg)) o = Rein2Keys.Set(o, k, v);
            if (p.Get("--rbv") is string rbv) o = Rein2Keys.Set(o, "rbv", rbv);
            if (p.Get("--episodes") is string ep) o = Rein2Keys.Set(o, "episodes", ep);
            if (p.Get("--steps") is string st) o = Rein2Keys.Set(o, "steps", st);
            foreach (var (k, v) in sets) o = Rein2Keys.Set(o, k, v);
            seed = p.GetUInt64("--seed", 0);
            outDir = p.Get("--out") ?? Path.Combine("runs", $"{o.Env}-{metaName}-{seed}");
        }
        o.Validate();
        if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(Rein2Keys.Describe(o))); return CommandLine.Ok; }
        OutputDirectory.Prepare(outDir, resume != null ? "--resume" : "--out");
        KeyValuePair<string, string>[] settings =
            [new("env", o.Env), new("meta", metaName), new("seed", seed.ToString(CultureInfo.InvariantCulture)), .. Rein2Keys.Describe(o)];

        var trainer = new Rein2Trainer(o, seed);
        var log = new StringBuilder(ProgressHeader);
        var clock = new RunClock();
        // the run's state beyond the trainer: its log so far and its wall time
        void SyncRun(StateArchive a)
        {
            a.Section("train-log");
            string text = log.ToString();
            a.Sync(ref text);
            if (a.IsLoading) log.Clear().Append(text);
            clock.Sync(a);
            trainer.Sync(a);
        }
        if (resume != null)
        {
            resume.Restore(SyncRun);
            if (o.MetaSteps < trainer.Outer.MetaSteps)
                throw new UsageException($"--steps {o.MetaSteps} is below the {trainer.Outer.MetaSteps} meta steps {outDir} has already taken.");
        }

        clock.Start();
        var bar = Progress.For(stdout, stderr, o.MetaSteps, "meta steps");
        void AfterMetaStep(TrainingProgress m)
        {
            double wall = clock.Seconds;
            log.Append(m.Steps).Append(',').Append(m.EnvSteps).Append(',').Append(JsonOut.Num(wall)).Append(',').Append(JsonOut.Num(m.MeanReturn)).Append(',').Append(JsonOut.Num(m.BestReturn)).Append('\n');
            bar.Report(m.Steps, $"return {m.MeanReturn:F1} best {m.BestReturn:F1} inner steps {m.EnvSteps} ({m.Steps / Math.Max(wall, 1e-9):F0} meta/s)", m.Steps == o.MetaSteps);
        }
        var schedule = CheckpointSchedule.FromFlags(p, outDir, interrupt, trainer.Outer.MetaSteps);
        void Checkpoint()
        {
            schedule.Save(trainer.Outer.MetaSteps, "train", settings, SyncRun);
            JsonOut.WriteAtomically(Path.Combine(outDir, "progress.csv"), log.ToString());
        }
        if (!schedule.Drive(trainer, AfterMetaStep, Checkpoint, "train", outDir, bar, stderr))
            return CommandLine.Interrupted;
        bar.Finish();
        double trainWall = clock.Seconds;
        var final = trainer.FinalEvaluation();
        var best = trainer.BestAgent();
        AgentFile.Save(Path.Combine(outDir, "best.agent"), o.Env, best);
        var summary = RunStamp.AddTo(new JsonOut(), args)
            .Add("env", o.Env).Add("meta", metaName).Add("seed", (long)seed).Add("rbv", o.RbvFraction).Add("rbv_size", (long)trainer.Outer.Rbv.Count)
            .Add("episodes", (long)o.Episodes).Add("bound", o.Bound).Add("bound_mode", o.BoundMode.ToString().ToLowerInvariant())
            .Add("episode_length", (long)o.EpisodeLength)
            .AddObject("meta_hyperparameters", o.HasMetaTrainer ? OptionKeys.Describe(o.EffectiveMetaOptions) : [])
            .Add("meta_steps", trainer.Outer.MetaSteps).Add("inner_env_steps", trainer.Outer.InnerEnvSteps)
            .Add("wall_s", trainWall).Add("meta_steps_per_s", trainer.Outer.MetaSteps / trainWall)
            .Add("inner_env_steps_per_s", trainer.Outer.InnerEnvSteps / trainWall)
            .Add("best_mean", trainer.Outer.BestReturn).Add("best_step", trainer.Outer.BestStep)
            .Add("final_eval_episodes", (long)final.Episodes).Add("final_eval_mean", final.Mean).Add("final_eval_std", final.Std)
            .Add("reward_threshold", EnvRegistry.Spec(o.Env).RewardThreshold)
            .AddObject("settings", settings);
        JsonOut.WriteAtomically(Path.Combine(outDir, "summary.json"), summary.ToString());
        stdout.WriteLine($"REIN-2 {metaName} {o.Env} seed {seed}: {trainer.Outer.MetaSteps} meta steps, {trainer.Outer.InnerEnvSteps} inner env steps in {trainWall:F1} s " +
                         $"({trainer.Outer.MetaSteps / trainWall:F0} meta steps/s); best {trainer.Outer.BestReturn:F1} at step {trainer.Outer.BestStep}; " +
                         $"best agent re-evaluated on {final.Episodes} fresh episodes: {final.Mean:F1} ± {final.Std:F1}; wrote {outDir}");
        return CommandLine.Ok;
    }

    /// <summary>The meta-learner a `--meta` name stands for (also the names of reproduce's rows and methods).</summary>
    internal static MetaLearner ParseMeta(string name) => name switch
    {
        "ppo" => MetaLearner.Ppo, "a2c" => MetaLearner.A2c, "random" => MetaLearner.Random,
        "es" => MetaLearner.Es, "cmaes" => MetaLearner.CmaEs, "ars" => MetaLearner.Ars,
        _ => throw new UsageException($"--meta {name} is not known; allowed: ppo, a2c, random, es, cmaes, ars."),
    };

    // Rebuilds the options exactly as the checkpointed run had them (the keys round-trip through Set).
    static (Rein2Options, string Meta, ulong Seed) FromSettings(OpenCheckpoint ck)
    {
        try
        {
            string meta = ck.Get("meta");
            var o = new Rein2Options { Env = ck.Get("env"), MetaLearner = ParseMeta(meta) };
            foreach (var (k, v) in ck.Settings)
                if (k is not ("env" or "meta" or "seed")) o = Rein2Keys.Set(o, k, v);
            if (!ulong.TryParse(ck.Get("seed"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
                throw new InvalidDataException($"seed '{ck.Get("seed")}' is not an integer.");
            return (o, meta, seed);
        }
        catch (Exception e) when (e is InvalidSettingException or UsageException or InvalidDataException)
        {
            throw new InvalidDataException($"{ck.Path}: its settings are invalid: {e.Message}");
        }
    }
}
