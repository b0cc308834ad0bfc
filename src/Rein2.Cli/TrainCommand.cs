// `rein2 train [--env ID] [--meta ppo|a2c|random|es|cmaes|ars|nses|nsres|nsraes] [--rbv F] [--episodes N] [--steps N]
//  [--seed N] [--set key=value ...] [--out DIR [--overwrite]] [--checkpoint-every N]` or
// `rein2 train --resume DIR [--steps N]`: a REIN-2 run, made by the library's TrainingRun, which
// writes DIR/progress.csv (meta_step, inner_env_steps, wall_s, reward, best_so_far), DIR/summary.json,
// DIR/best.agent and DIR/checkpoint.bin. A resumed run is bit-identical to one never interrupted.
using System.Globalization;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class TrainCommand
{
    // the flags that set a run's settings (refused with --resume: those come from the checkpoint)
    static readonly string[] SettingFlags = ["--env", "--meta", "--rbv", "--episodes", "--seed", "--out", "--preset", "--config", "--set", "--overwrite"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var p = Commands.Train.Parse(args, 1);
        var sets = p.Sets();
        if (p.Get("--resume") is string dir) return Resume(dir, p, args, stdout, stderr, interrupt);

        // precedence: preset < config file < flags (--rbv/--episodes/--steps and --set)
        var config = p.Get("--config") is string cfg ? ConfigFile.Read(cfg) : [];
        string metaName = ConfigFile.FlagOrFile(p, "--meta", config, "meta")!;
        var o = new Rein2Options { Env = ConfigFile.FlagOrFile(p, "--env", config, "env")!, MetaLearner = ParseMeta(metaName) };
        string seedText = ConfigFile.FlagOrFile(p, "--seed", config, "seed")!;
        if (p.Get("--preset") is string preset) o = Rein2Keys.ApplyPreset(o, preset);
        foreach (var (k, v) in config) o = Rein2Keys.Set(o, k, v);
        foreach (var flag in p.Spec.Flags)
            if (flag.SetKey != null && p.Get(flag.Name) is string v) o = Rein2Keys.Set(o, flag.SetKey, v);
        foreach (var (k, v) in sets) o = Rein2Keys.Set(o, k, v);
        ulong seed = ParsedArgs.ParseSeed(seedText);
        string outDir = p.Get("--out") ?? Path.Combine("runs", $"{o.Env}-{metaName}-{seed}");
        o.Validate();
        KeyValuePair<string, string>[] settings =
            [new("env", o.Env), new("meta", metaName), new("seed", seed.ToString(CultureInfo.InvariantCulture)), .. Rein2Keys.Describe(o)];
        if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(settings)); return CommandLine.Ok; }
        var policy = RunHost.Policy(p);
        var trainer = new Rein2Trainer(o with { Threads = (int)p.Long("--threads") }, seed);
        using var runDir = RunHost.CreateNew(outDir, p);
        var run = TrainingRun.Start(runDir, trainer, new TrainingRunOptions
        {
            Checkpoints = policy, Settings = settings, Command = RunStamp.Command(args), ContinueHint = RunHost.ContinueHint("train", outDir), RestartHint = RunHost.RestartHint(args),
        });
        return Drive(run, trainer, metaName, seed, stdout, stderr, interrupt);
    }

    static int Resume(string dir, ParsedArgs p, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        RunHost.RefuseSettingFlags(dir, p, SettingFlags);
        using var runDir = RunHost.OpenForResume(dir);
        var (o, metaName, seed) = FromSettings(runDir);
        if (p.Get("--steps") is string st) o = Rein2Keys.Set(o, "steps", st);
        // the thread count is not a setting of the run (the results do not depend on it)
        var trainer = new Rein2Trainer(o with { Threads = (int)p.Long("--threads") }, seed);
        var run = TrainingRun.Resume(runDir, trainer, new TrainingRunOptions
        {
            Checkpoints = RunHost.Policy(p), AllowOtherNumericPath = p.Has("--allow-other-numeric-path"), ContinueHint = RunHost.ContinueHint("train", dir),
        }, RunStamp.Command(args));
        if (o.MetaSteps < trainer.Steps)
            throw new UsageException($"--steps {o.MetaSteps} is below the {trainer.Steps} meta steps {dir} has already taken.");
        return Drive(run, trainer, metaName, seed, stdout, stderr, interrupt);
    }

    static int Drive(TrainingRun run, Rein2Trainer trainer, string metaName, ulong seed, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var bar = Progress.For(stdout, stderr, trainer.TotalSteps, "meta steps");
        if (!RunHost.Drive(run, "train", bar, r => ($"return {r.Training.MeanReturn:F1} best {r.Training.BestReturn:F1} inner steps {r.Training.EnvSteps} ({r.Training.Steps / Math.Max(r.WallSeconds, 1e-9):F0} meta/s)", false),
                           stdout, stderr, interrupt))
            return CommandLine.Interrupted;
        var final = run.Final!.Value;
        double wall = run.WallSeconds;
        stdout.WriteLine($"REIN-2 {metaName} {trainer.EnvId} seed {seed}: {trainer.MetaSteps} meta steps, {trainer.InnerEnvSteps} inner env steps in {wall:F1} s " +
                         $"({trainer.MetaSteps / wall:F0} meta steps/s); best {trainer.BestReturn:F1} at step {trainer.BestStep}; " +
                         $"best agent re-evaluated on {final.Episodes} fresh episodes: {final.Mean:F1} ± {final.Std:F1} (re-evaluation seed {final.Seed}; rein2 eval uses --seed, default 0); wrote {run.Directory.Path}");
        return CommandLine.Ok;
    }

    /// <summary>The meta-learner a `--meta` name stands for (also the names of reproduce's rows and methods).</summary>
    internal static MetaLearner ParseMeta(string name) =>
        MetaLearners.Parse(name) ?? throw new InvalidDataException($"meta-learner '{name}' is not known; allowed: {string.Join(", ", Commands.Metas)}.");

    // Rebuilds the options exactly as the checkpointed run had them (the keys round-trip through Set).
    static (Rein2Options, string Meta, ulong Seed) FromSettings(RunDirectory dir)
    {
        string path = dir.File(RunDirectory.CheckpointFileName);
        var settings = TrainingRun.StoredSettings(dir);
        try
        {
            string meta = RunHost.Get(settings, "meta", dir);
            var o = new Rein2Options { Env = RunHost.Get(settings, "env", dir), MetaLearner = ParseMeta(meta) };
            foreach (var (k, v) in settings)
                if (k is not ("env" or "meta" or "seed")) o = Rein2Keys.Set(o, k, v);
            string seedText = RunHost.Get(settings, "seed", dir);
            if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
                throw new InvalidDataException($"seed '{seedText}' is not an integer.");
            return (o, meta, seed);
        }
        catch (Exception e) when (e is InvalidSettingException or UsageException or InvalidDataException)
        {
            throw new InvalidDataException(e.Message.StartsWith(path) ? e.Message : $"{path}: its settings are invalid: {e.Message}");
        }
    }
}
