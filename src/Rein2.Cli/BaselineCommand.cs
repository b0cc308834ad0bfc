// `rein2 baseline --algo ppo|a2c|dqn --env ID [--seed N] [--steps N] [--eval-every N]
//  [--eval-episodes N] [--out DIR] [--set key=value ...] [--checkpoint-every N]` or
// `rein2 baseline --resume DIR [--steps N]`: trains with the RL Zoo preset for the pair through the
// library's TrainingRun, which writes DIR/progress.csv, DIR/monitor.csv, DIR/summary.json,
// DIR/model.bin and DIR/checkpoint.bin (every N env steps, on Ctrl-C/SIGTERM and at the end). A resumed run is bit-identical to an uninterrupted one
// with the same total; raising the total changes schedules from then on, as SB3's
// learn(reset_num_timesteps=False) does.
using System.Globalization;
using Rein2.Pure;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;

namespace Rein2.Cli;

public static class BaselineCommand
{
    // the flags that set a run's settings (refused with --resume: those come from the checkpoint)
    static readonly string[] SettingFlags = ["--algo", "--env", "--seed", "--eval-every", "--eval-episodes", "--out", "--config", "--set", "--overwrite"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var p = Commands.Baseline.Parse(args, 1);
        var sets = p.Sets();
        long? steps = p.Has("--steps") ? p.Long("--steps") : null;
        if (p.Get("--resume") is string dir) return Resume(dir, p, steps, args, stdout, stderr, interrupt);

        // precedence: preset < config file < flags (--steps and --set)
        var config = p.Get("--config") is string cfg ? ConfigFile.Read(cfg) : [];
        string algo = ConfigFile.FlagOrFile(p, "--algo", config, "algo")!, envId = ConfigFile.FlagOrFile(p, "--env", config, "env")!;
        ulong seed = ParsedArgs.ParseSeed(ConfigFile.FlagOrFile(p, "--seed", config, "seed")!);
        sets.InsertRange(0, config);
        long evalEvery = p.Has("--eval-every") ? p.Long("--eval-every") : 0;
        int evalEpisodes = (int)p.Long("--eval-episodes");
        string outDir = p.Get("--out") ?? Path.Combine("runs", $"baseline-{algo}-{envId}-{seed}");
        if (steps is long s0) sets.Add(("n_timesteps", s0.ToString(CultureInfo.InvariantCulture)));

        var (trainer, hyper) = Build(algo, envId, sets, seed);
        KeyValuePair<string, string>[] settings =
            [new("algo", algo), new("env", envId), new("seed", seed.ToString(CultureInfo.InvariantCulture)), .. hyper];
        if (p.Has("--print-config")) { stdout.Write(ConfigFile.Print(settings)); return CommandLine.Ok; }
        var policy = RunHost.Policy(p);
        using var runDir = RunHost.CreateNew(outDir, p);
        var run = TrainingRun.Start(runDir, trainer, new TrainingRunOptions
        {
            Checkpoints = policy, EvaluateEvery = evalEvery, EvaluationEpisodes = evalEpisodes, Settings = settings,
            Command = RunStamp.Command(args), ContinueHint = RunHost.ContinueHint("baseline", outDir), RestartHint = RunHost.RestartHint(args),
        });
        return Drive(run, algo, seed, stdout, stderr, interrupt);
    }

    static int Resume(string dir, ParsedArgs p, long? steps, string[] args, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        RunHost.RefuseSettingFlags(dir, p, SettingFlags);
        using var runDir = RunHost.OpenForResume(dir);
        var stored = TrainingRun.StoredSettings(runDir);
        string algo = RunHost.Get(stored, "algo", runDir), envId = RunHost.Get(stored, "env", runDir), seedText = RunHost.Get(stored, "seed", runDir);
        string path = runDir.File(RunDirectory.CheckpointFileName);
        if (algo is not ("ppo" or "a2c" or "dqn") || !EnvRegistry.Ids.Contains(envId) || !ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            throw new InvalidDataException($"{path}: its settings are invalid: algo {algo}, env {envId}, seed {seedText}.");
        var sets = stored.Where(kv => kv.Key is not ("algo" or "env" or "seed")).Select(kv => (kv.Key, kv.Value)).ToList();
        if (steps is long s) sets.Add(("n_timesteps", s.ToString(CultureInfo.InvariantCulture)));
        ITrainer trainer;
        try { trainer = Build(algo, envId, sets, seed).Trainer; }
        catch (InvalidSettingException e) { throw new InvalidDataException($"{path}: its settings are invalid: {e.Message}"); }
        var run = TrainingRun.Resume(runDir, trainer, new TrainingRunOptions
        {
            Checkpoints = RunHost.Policy(p), AllowOtherNumericPath = p.Has("--allow-other-numeric-path"), ContinueHint = RunHost.ContinueHint("baseline", dir),
        }, RunStamp.Command(args));
        if (steps is long s1 && s1 < trainer.Steps)
            throw new UsageException($"--steps {s1} is below the {trainer.Steps} env steps {dir} has already taken.");
        return Drive(run, algo, seed, stdout, stderr, interrupt);
    }

    static int Drive(TrainingRun run, string algo, ulong seed, TextWriter stdout, TextWriter stderr, CancellationToken interrupt)
    {
        var trainer = run.Trainer;
        var bar = Progress.For(stdout, stderr, trainer.TotalSteps, "env steps");
        static string Epsilon(TrainingProgress t) => double.IsNaN(t.ExplorationRate) ? "" : $" ε {t.ExplorationRate:F2}";
        if (!RunHost.Drive(run, "baseline", bar, r => r.Evaluation is EvalResult e
                ? ($"eval {e.Mean:F1} ep_rew_mean {r.Training.MeanReturn:F1}{Epsilon(r.Training)}", true)
                : ($"ep_rew_mean {r.Training.MeanReturn:F1}{Epsilon(r.Training)}", false), stdout, stderr, interrupt))
            return CommandLine.Interrupted;
        var final = run.Final!.Value;
        double wall = run.WallSeconds;
        var summary = RunFiles.ReadJson(run.Directory.File(RunDirectory.SummaryFileName));
        string solved = summary.Text("solved_at_env_step") ?? "never";
        stdout.WriteLine($"{algo} {trainer.EnvId} seed {seed}: {trainer.EnvSteps} env steps in {wall:F1} s ({trainer.EnvSteps / wall:F0}/s); " +
                         $"final eval {final.Mean:F1} ± {final.Std:F1} over {final.Episodes} episodes (seed {final.Seed}); solved at {solved}{WholeRollouts(trainer)}; wrote {run.Directory.Path}");
        return CommandLine.Ok;
    }

    // PPO/A2C learn in whole rollouts (SB3 too): a budget that is not a multiple of one rollout is rounded up
    static string WholeRollouts(ITrainer trainer) => trainer is OnPolicyTrainer op && trainer.EnvSteps > op.Options.TotalTimesteps
        ? $" ({trainer.EnvSteps} env steps for a budget of {op.Options.TotalTimesteps}: PPO/A2C learn in whole rollouts of n_steps × n_envs = {op.Options.NSteps * op.Options.NEnvs}, as SB3 does)"
        : "";

    internal static (ITrainer Trainer, KeyValuePair<string, string>[] Hyper) Build(string algo, string envId, List<(string Key, string Value)> sets, ulong seed) =>
        algo == "dqn" ? Dqn(envId, sets, seed) : OnPolicy(algo, envId, sets, seed);

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
}
