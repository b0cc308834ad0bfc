// Every command's declaration (CommandSpec.cs): the one place its flags, ranges, defaults and
// description live. Parsing, validation and `--help` all read these.
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;

namespace Rein2.Cli;

public static class Commands
{
    internal static readonly string[] Metas = [.. Rein2.Pure.Meta.MetaLearners.Names];
    static string[] EnvIds => [.. EnvRegistry.Ids];

    static Flag Seed(string help = "seed of every generator the run uses") =>
        new("--seed", help, FlagKind.Seed, "N") { Default = "0" };
    static Flag Out(string help, string? def = null) => new("--out", help, FlagKind.Text, "DIR") { Default = def };
    static Flag OutFile(string help) => new("--out", help, FlagKind.Text, "FILE");
    static Flag Set(string help) => new("--set", help, FlagKind.Text, "key=value") { Repeats = true };
    // .NET's ProcessorCount already honours the affinity mask and a container's CPU quota
    static Flag Threads(string help) => new("--threads", help + " (default: the cores this process may use)", FlagKind.Integer, "N")
        { Default = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture), Min = 1, Max = Rein2Options.MaxThreads };
    static Flag JobThreads => Threads("jobs run at once, each on one core");
    // a grid split over processes (docs/scale-out.md)
    static readonly Flag[] ShardFlags =
    [
        new("--shard", "run only shard i of n (0 ≤ i < n), dealt by estimated cost; auto: from SLURM_ARRAY_TASK_ID/COUNT or Kubernetes' JOB_COMPLETION_INDEX", FlagKind.Text, "i/n|auto"),
        new("--shard-count", "with --shard auto under Kubernetes: the Job's completions (or REIN2_SHARD_COUNT)", FlagKind.Text, "N"),
        new("--assemble", "run nothing: assemble the results if every job is done, else name the jobs that are not and exit 1 (the step after a job array)", FlagKind.Switch),
        new("--checkpoint-minutes", "checkpoint each running job every M minutes of wall time, so a node lost without warning costs at most M (0: only on SIGINT/SIGTERM)", FlagKind.Number, "M") { Default = "5", Hi = 1e6 },
    ];
    static Flag Config => new("--config", "a JSON object of the same keys as --set (precedence: flag > file > preset)", FlagKind.Text, "FILE");

    // what train and baseline share: the run directory, checkpoints and resume
    static readonly Flag[] RunFlags =
    [
        new("--checkpoint-minutes", "write DIR/checkpoint.bin every M minutes of wall time (0: not by the clock)", FlagKind.Number, "M") { Default = "5", Hi = 1e6 },
        new("--checkpoint-every", "also every N steps (0: not by steps)", FlagKind.Integer, "N") { Default = "0" },
        new("--resume", "continue the run in DIR from its checkpoint, with its own settings", FlagKind.Text, "DIR"),
        new("--overwrite", "replace the run --out holds (its run files are removed first)", FlagKind.Switch),
        new("--allow-other-numeric-path", "resume a checkpoint written on another SIMD path (results then differ in the last bits)", FlagKind.Switch),
        new("--print-config", "print the effective settings as a --config file and exit", FlagKind.Switch),
    ];

    public static readonly CommandSpec Train = new("train", """
        REIN-2: a meta-learner (PPO, A2C, the random-search control, or a weight-space learner:
        OpenAI-ES, sep-CMA-ES, ARS V1-t, or the novelty-seeking NS-ES, NSR-ES, NSRA-ES) writes a
        subset of a produced agent's weights (the paper's RBV, the output layer, or a random
        subspace: --set subset=) and is rewarded with its mean return over N episodes. The produced
        agent is a greedy Q-network for Discrete actions, a deterministic actor for Box actions;
        rein2 envs lists the modules. Writes progress.csv, summary.json,
        best.agent (the best agent, re-evaluated on fresh episodes) and checkpoint.bin. One meta step
        is one candidate. The weight-space learners evaluate a generation's candidates on --threads
        cores, with the same results for every count; ppo and a2c use one core (each action depends
        on the reward of the last).
        """,
    [
        new("--env", "environment", FlagKind.Choice, "ID") { Default = "CartPole-v1", Choices = EnvIds },
        new("--meta", "meta-learner (rein2 envs says what each is)", FlagKind.Choice, "NAME") { Default = "ppo", Choices = Metas },
        new("--rbv", "subset=rbv: the fraction of the produced agent's weights the meta-learner writes", FlagKind.Number, "F") { SetKey = "rbv", Hi = 1, LoExclusive = true },
        new("--episodes", "episodes per produced agent (greedy for a Q-network)", FlagKind.Integer, "N") { SetKey = "episodes", Min = 1, Max = 100_000 },
        new("--steps", "meta steps; with --resume: raise the total", FlagKind.Integer, "N") { SetKey = "steps", Min = 1 },
        Seed(),
        new("--preset", "named settings", FlagKind.Choice, "NAME") { Choices = [.. Rein2Keys.Presets] },
        Config,
        Set("a REIN-2 setting (table below) or meta.<SB3 key> for ppo/a2c; repeatable"),
        Out("the run directory (default runs/<env>-<meta>-<seed>)"),
        Threads("random/es/cmaes/ars/nses/nsres/nsraes: threads evaluating candidates, results identical for every N; ppo/a2c: one"),
        .. RunFlags,
    ]) { Checkpoints = true, More = CommandHelp.Rein2Settings };

    public static readonly CommandSpec Baseline = new("baseline", """
        Train PPO, A2C or DQN with the RL Zoo's preset for the pair, evaluating every
        n_timesteps/20 steps and at the end on fresh episodes. Writes progress.csv, monitor.csv,
        summary.json, model.bin and checkpoint.bin. A raised --steps on resume re-times the
        schedules from then on, as SB3's learn(reset_num_timesteps=False). One run uses one core:
        every update needs the rollout before it (run many with reproduce or sweep).
        """,
    [
        new("--algo", "algorithm", FlagKind.Choice, "NAME") { Default = "ppo", Choices = ["ppo", "a2c", "dqn"] },
        new("--env", "environment", FlagKind.Choice, "ID") { Default = "CartPole-v1", Choices = EnvIds },
        Seed(),
        new("--steps", "env steps (SB3's n_timesteps; default: the preset's)", FlagKind.Integer, "N") { SetKey = "n_timesteps", Min = 1 },
        new("--eval-every", "evaluate every N env steps (default: n_timesteps/20)", FlagKind.Integer, "N") { Min = 1 },
        new("--eval-episodes", "episodes per evaluation", FlagKind.Integer, "N") { Default = "10", Min = 1, Max = 100_000 },
        Config,
        Set("an SB3 hyperparameter (learning_rate, n_steps, net_arch=64,64, …); repeatable"),
        Out("the run directory (default runs/baseline-<algo>-<env>-<seed>)"),
        Threads("accepted for scripts shared with train; one PPO/A2C/DQN run uses one thread whatever N"),
        .. RunFlags,
    ]) { Checkpoints = true, More = CommandHelp.BaselineSettings };

    public static readonly CommandSpec Eval = new("eval", """
        Play a saved agent greedily and print {"env", "episodes", "mean", "std", "min", "max"}.
        FILE is a best.agent, a baseline's model.bin (DQN, PPO or A2C) or an ONNX model (FILE.onnx:
        one rein2 exported names its environment; an MLP policy from torch.onnx, e.g. SB3's, needs --env).
        """,
    [
        new("--env", "the agent's environment (needed for an ONNX model rein2 did not write; otherwise it must match)", FlagKind.Choice, "ID") { Choices = EnvIds },
        new("--episodes", "episodes to play", FlagKind.Integer, "N") { Default = "100", Min = 1, Max = 1_000_000 },
        Seed("seed of the first episode's reset"),
    ]) { Positional = "FILE", MinPositional = 1, MaxPositional = 1 };

    public static readonly CommandSpec Export = new("export", """
        Write a saved agent (best.agent, model.bin) as an ONNX model that maps raw observations
        obs [batch, obs_dim] to the agent's greedy action: Q-networks give q_values and action
        (argmax, int64); PPO/A2C give logits and action (Discrete) or action (Box: the Gaussian's mean
        clipped to the box), VecNormalize baked in. Read by ONNX Runtime, Unity Sentis and rein2 eval.
        Prints {"onnx", "env", "kind", "opset", "outputs", "bytes"}.
        """,
    [
        new("--onnx", "the ONNX file to write (its name ends in .onnx)", FlagKind.Text, "OUT"),
        new("--opset", "ONNX operator set (13 is read by ONNX Runtime and Unity Sentis)", FlagKind.Integer, "N") { Default = "13", Min = 13, Max = 21 },
        new("--value", "PPO/A2C: also output the value head's estimate as value [batch, 1]", FlagKind.Switch),
    ]) { Positional = "FILE", MinPositional = 1, MaxPositional = 1 };

    public static readonly CommandSpec Table1 = new("reproduce table1", """
        The paper's Table 1 grid (REIN-2 PPO/A2C, the random control, PPO/A2C baselines; 3 envs)
        at the paper's steps × F. Writes table1.md, table1.json and one SVG per env. Ctrl-C or
        SIGTERM keeps the finished jobs (DIR/jobs/NAME/) and checkpoints the running ones, exit 130;
        the same command again continues. With --shard, several processes (a Slurm array, a
        Kubernetes Indexed Job) share DIR; the command with --assemble then assembles them.
        """,
    [
        new("--seeds", "seeds per cell", FlagKind.Integer, "N") { Default = "3", Min = 1, Max = 100 },
        new("--scale", "fraction of the paper's steps", FlagKind.Number, "F") { Default = "1", Hi = 1, LoExclusive = true },
        JobThreads,
        .. ShardFlags,
        Out("the output directory", "runs/table1"),
    ]);

    public static readonly CommandSpec Meta = new("reproduce meta", """
        The "Beyond the paper" protocol: each method on the same seeds with equal budgets of inner
        env steps (Acrobot 3M, MountainCar 2M, CartPole 1M, × F); each best agent re-evaluated on
        100 fresh episodes; paired Wilcoxon and IQM bootstrap intervals against random search.
        Writes meta.md, runs.jsonl, curve SVGs and each method's best agent per env in agents/.
        Ctrl-C or SIGTERM keeps the finished jobs and checkpoints the running ones, exit 130; the
        same command again continues. --shard splits the jobs over processes, as for table1.
        """,
    [
        new("--seeds", "paired seeds (the exact test enumerates 2^n)", FlagKind.Integer, "N") { Default = "10", Min = 2, Max = 20 },
        new("--first-seed", "the first seed (a confirmation on seeds no earlier run saw)", FlagKind.Integer, "N") { Default = "0", Max = 1_000_000 },
        new("--scale", "fraction of the budgets", FlagKind.Number, "F") { Default = "1", Hi = 10, LoExclusive = true },
        JobThreads,
        .. ShardFlags,
        new("--envs", $"comma-separated environments, of {string.Join(", ", MetaProtocolCommand.AllEnvNames)}", FlagKind.Text, "ID,…") { Default = string.Join(',', MetaProtocolCommand.EnvNames) },
        new("--methods", "comma-separated methods (must include random)", FlagKind.Text, "M,…") { Default = string.Join(',', MetaProtocolCommand.DefaultMethods) },
        Out("the output directory", "runs/meta"),
    ]) { More = () => $"  Methods: {string.Join(", ", MetaProtocolCommand.MethodNames)}; {MetaProtocolCommand.ModifierHelp}.\n" };

    public static readonly CommandSpec Sweep = new("sweep", """
        Any grid of train or baseline runs from SPEC.json (environments × meta-learners or
        algorithms × every combination of settings × seeds; docs/scale-out.md), under reproduce's
        contract: each job in DIR/jobs/NAME/ with its checkpoint and result, one process per job,
        checkpointed on SIGTERM (exit 130; the same command continues), split over processes with
        --shard. A bad key or value is refused before anything runs. When every job is done:
        summary.csv (each job's final figures), sweep.md (each learner against the control, paired
        by seed: Wilcoxon, IQM with a bootstrap interval) and sweep.json for rein2 report.
        """,
    [
        Out("the sweep's directory (default runs/sweep-<SPEC name>)"),
        JobThreads,
        .. ShardFlags,
    ]) { Positional = "SPEC.json", MinPositional = 1, MaxPositional = 1 };

    public static readonly CommandSpec SweepStatus = new("sweep status", """
        Every job of a grid directory (a sweep's or a reproduce's) by name: done, running (and
        which process on which host holds it), checkpointed, failed (and why) or missing, then the counts.
        """, []) { Positional = "DIR", MinPositional = 1, MaxPositional = 1 };

    public static readonly CommandSpec Render = new("render", """
        Play episodes — a saved agent's greedy actions, or random actions with --env — and write
        one self-contained animated SVG (no script, no network) drawn from the exact states, with
        the step, the return so far and the action.
        """,
    [
        new("--env", "environment (random actions; with FILE it must match)", FlagKind.Choice, "ID") { Choices = EnvIds },
        OutFile("the SVG to write"),
        Seed("seed of the first episode's reset"),
        new("--episodes", "episodes", FlagKind.Integer, "N") { Default = "1", Min = 1, Max = 100 },
        new("--speed", "playback speed (1: real time, Gymnasium's render_fps)", FlagKind.Number, "F") { Default = "1", Lo = 0.01, Hi = 100 },
        new("--size", "picture size in pixels, each 50 … 4000", FlagKind.Text, "WxH") { Default = "600x400" },
        new("--max-steps", "steps per episode, at most the env's time limit (default: the limit)", FlagKind.Integer, "N") { Min = 1, Max = 100_000 },
    ]) { Positional = "FILE", MaxPositional = 1 };

    public static readonly CommandSpec Report = new("report", """
        Write one self-contained HTML page (inline CSS and SVG, no script, no network) for a
        finished run directory of train, baseline, reproduce table1 or reproduce meta: the command,
        settings, version and SIMD path, the learning curves, the evaluation statistics, the best
        agent playing a fresh episode, and the protocol's tables. Text from the directory is shown
        as text; figures are drawn from its logs. Default --out: DIR/report.html.
        """,
    [OutFile("the HTML page to write")]) { Positional = "DIR", MinPositional = 1, MaxPositional = 1 };

    public static readonly CommandSpec Plot = new("plot", """
        Draw columns of CSV logs (a run's progress.csv or monitor.csv, or your own) as one SVG
        plot: a line per file and column, each a trailing mean of N points; x is the row number
        unless --x names a column. FILE.csv=LABEL names a file's lines.
        """,
    [
        new("--y", "columns to draw, comma-separated", FlagKind.Text, "COL,…"),
        new("--x", "the x column", FlagKind.Text, "COL"),
        new("--smooth", "trailing mean over N points", FlagKind.Integer, "N") { Default = "1", Min = 1, Max = 100_000 },
        new("--title", "the title (default: the y columns)", FlagKind.Text, "T"),
        OutFile("the SVG to write"),
    ]) { Positional = "FILE.csv[=LABEL]", MinPositional = 1, MaxPositional = 64 };

    public static readonly CommandSpec Envs = new("envs", "List the environments with their spaces and time limits.", []);

    public static readonly CommandSpec Rollout = new("rollout", """
        Reset with the seed, read one action per line (an integer for Discrete, a JSON array such
        as [0.5] for Box) and write JSON lines: {"obs": [...]} for a reset, {"obs", "reward",
        "terminated", "truncated"} for a step. After an episode ends and more actions follow, it
        resets without a seed (as Gymnasium's reset() continues the generator).
        """,
    [
        new("--env", "environment", FlagKind.Choice, "ID") { Choices = EnvIds },
        Seed("seed of the first reset"),
        new("--actions", "the actions file ('-': standard input)", FlagKind.Text, "FILE") { Default = "-" },
    ]);

    public static readonly CommandSpec Bench = new("bench", "Time a fixed micro-workload (MLP, CartPole) with this binary (only the workloads whose name contains WORD).", [])
        { Positional = "WORD", MaxPositional = 1 };

    public static readonly CommandSpec Help = new("help", "Show the whole help, or one command's (also: rein2 COMMAND --help).", [])
        { Positional = "COMMAND", MaxPositional = 2 };

    public static readonly CommandSpec Version = new("version", "Show the version and the SIMD width this binary runs with (also: rein2 --version).", []);

    /// <summary>Every command, in the order the help lists them.</summary>
    public static IReadOnlyList<CommandSpec> All { get; } = [Train, Baseline, Eval, Export, Table1, Meta, Sweep, SweepStatus, Render, Report, Plot, Envs, Rollout, Bench, Help, Version];
}
