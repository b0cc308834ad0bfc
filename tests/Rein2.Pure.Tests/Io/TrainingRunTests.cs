// The library's run contract, driven from code as an app would: checkpoints when the policy says, a
// resumed run that keeps its policy and ends identical to one never interrupted, a full disk (faked
// at one chosen file through IoFaults) that names the file and the checkpoint kept and loses no work,
// and run directories that refuse a second run, mixed runs and a second holder.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Optim;
using Rein2.Pure.Tests.Custom;

namespace Rein2.Pure.Tests.Io;

public class TrainingRunTests
{
    static readonly EnvSpec Corridor = new(() => new Corridor());

    static DqnTrainer NewTrainer(long steps = 3_000) => new(Corridor, new DqnOptions
    {
        TotalTimesteps = steps, LearningRate = Schedule.Constant(1e-3), LearningStarts = 200, BatchSize = 32, TrainFreq = 4,
        TargetUpdateInterval = 250, ExplorationFraction = 0.3, ExplorationFinalEps = 0.05, BufferSize = 10_000, NetArch = [16, 16],
    }, 11);

    static readonly TrainingRunOptions Options = new()
    {
        Checkpoints = new CheckpointPolicy { EverySteps = 500, EveryMinutes = 0 },
        EvaluationEpisodes = 3, FinalEvaluationEpisodes = 5,
    };

    static string NewDir() => Directory.CreateTempSubdirectory("rein2-run-").FullName;

    // Runs in the current async context with IoFaults set: records the trainer's step at every
    // checkpoint write, and fails the write numbered failAt (1-based) of a file named failFile.
    static List<long> Checkpointing(Func<ITrainer> trainer, Action run, string? failFile = null, int failAt = 0)
    {
        var steps = new List<long>();
        int writes = 0;
        IoFaults.Inject.Value = path =>
        {
            if (Path.GetFileName(path) == RunDirectory.CheckpointFileName) steps.Add(trainer().Steps);
            if (failFile != null && Path.GetFileName(path) == failFile && ++writes == failAt) return new IOException("No space left on device");
            return null;
        };
        try { run(); }
        finally { IoFaults.Inject.Value = null; }
        return steps;
    }

    static string Uninterrupted()
    {
        string dir = NewDir();
        using var d = RunDirectory.CreateNew(dir);
        Assert.Equal(RunOutcome.Finished, TrainingRun.Start(d, NewTrainer(), Options).Run());
        return dir;
    }

    static string[] WithoutWall(string dir) =>
        File.ReadAllLines(Path.Combine(dir, RunDirectory.ProgressFileName)).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 1))).ToArray();

    static void AssertSameRun(string expected, string actual)
    {
        Assert.Equal(File.ReadAllBytes(Path.Combine(expected, RunDirectory.ModelFileName)), File.ReadAllBytes(Path.Combine(actual, RunDirectory.ModelFileName)));
        Assert.Equal(WithoutWall(expected), WithoutWall(actual));
        Assert.Equal(File.ReadAllText(Path.Combine(expected, RunDirectory.MonitorFileName)), File.ReadAllText(Path.Combine(actual, RunDirectory.MonitorFileName)));
        Assert.Empty(Directory.GetFiles(actual, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(actual, ".*")));
        Assert.False(File.Exists(Path.Combine(actual, "run.lock")));
    }

    static TrainingRun ResumeIn(RunDirectory d, TrainingRunOptions? options = null) => TrainingRun.Resume(d, NewTrainer(), options);

    [Fact]
    public void CheckpointsFollowThePolicyAndAResumedRunKeepsItAndEndsIdentical()
    {
        string full = Uninterrupted();
        string cut = NewDir();
        using var cts = new CancellationTokenSource();
        DqnTrainer? first = null;
        var before = Checkpointing(() => first!, () =>
        {
            using var d = RunDirectory.CreateNew(cut);
            var run = TrainingRun.Start(d, first = NewTrainer(), Options);
            var outcome = run.Run(new SyncProgress<RunProgress>(p => { if (p.Training.Steps >= 1_234) cts.Cancel(); }), cts.Token);
            Assert.Equal(RunOutcome.Interrupted, outcome);
        });
        Assert.Equal([500, 1_000, first!.Steps], before);
        Assert.InRange(first.Steps, 1_234, 1_499);

        ITrainer? resumed = null;
        var after = Checkpointing(() => resumed!, () =>
        {
            using var d = RunDirectory.OpenForResume(cut);
            var run = ResumeIn(d, new TrainingRunOptions()); // no policy given: the stored one holds
            resumed = run.Trainer;
            Assert.Equal(500, run.Checkpoints.EverySteps);
            Assert.Equal(0, run.Checkpoints.EveryMinutes);
            Assert.Equal(RunOutcome.Finished, run.Run());
        });
        Assert.Equal([1_500, 2_000, 2_500, 3_000], after);
        AssertSameRun(full, cut);
        Assert.Contains("\"resumes\"", File.ReadAllText(Path.Combine(cut, RunDirectory.SummaryFileName)));
    }

    [Fact]
    public void AResumeMayChangeThePolicyExplicitly()
    {
        string dir = NewDir();
        using (var d = RunDirectory.CreateNew(dir))
        {
            using var cts = new CancellationTokenSource();
            TrainingRun.Start(d, NewTrainer(), Options).Run(new SyncProgress<RunProgress>(p => { if (p.Training.Steps == 700) cts.Cancel(); }), cts.Token);
        }
        ITrainer? t = null;
        var steps = Checkpointing(() => t!, () =>
        {
            using var d = RunDirectory.OpenForResume(dir);
            var run = TrainingRun.Resume(d, t = NewTrainer(), new TrainingRunOptions { Checkpoints = new CheckpointPolicy { EverySteps = 1_000, EveryMinutes = 0 } });
            run.Run();
        });
        Assert.Equal([1_000, 2_000, 3_000], steps);
    }

    [Fact]
    public void AFullDiskAtACheckpointNamesItKeepsTheLastGoodOneAndTheRunResumesIdentical()
    {
        string full = Uninterrupted();
        string cut = NewDir();
        DqnTrainer? t = null;
        RunIOException? error = null;
        Checkpointing(() => t!, () =>
        {
            using var d = RunDirectory.CreateNew(cut);
            error = Assert.Throws<RunIOException>(() => TrainingRun.Start(d, t = NewTrainer(), Options).Run());
        }, failFile: RunDirectory.CheckpointFileName, failAt: 3);
        string checkpoint = Path.Combine(cut, RunDirectory.CheckpointFileName);
        Assert.Contains($"Could not write {checkpoint} (No space left on device)", error!.Message);
        Assert.Contains("the checkpoint of step 1000", error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        Assert.Empty(Directory.GetFiles(cut, ".*"));
        Assert.Equal(TrainerStatus.Paused, t!.Status); // the trainer is sound: it was the disk

        using (var d = RunDirectory.OpenForResume(cut)) Assert.Equal(RunOutcome.Finished, ResumeIn(d).Run());
        AssertSameRun(full, cut);
    }

    [Fact]
    public void AFullDiskForTheLogsNamesTheLog()
    {
        string dir = NewDir();
        DqnTrainer? t = null;
        Checkpointing(() => t!, () =>
        {
            using var d = RunDirectory.CreateNew(dir);
            var e = Assert.Throws<RunIOException>(() => TrainingRun.Start(d, t = NewTrainer(), Options).Run());
            Assert.True(e.Message.Contains($"Could not write {Path.Combine(dir, RunDirectory.MonitorFileName)}"), e.Message);
            Assert.Contains("the checkpoint of step 500", e.Message);
        }, failFile: RunDirectory.MonitorFileName, failAt: 2);
    }

    [Fact]
    public void AFullDiskAtTheFinalCheckpointStillLeavesTheResults()
    {
        string dir = NewDir();
        DqnTrainer? t = null;
        Checkpointing(() => t!, () =>
        {
            using var d = RunDirectory.CreateNew(dir);
            var e = Assert.Throws<RunIOException>(() => TrainingRun.Start(d, t = NewTrainer(), Options).Run());
            Assert.Contains("the checkpoint of step 2500", e.Message);
        }, failFile: RunDirectory.CheckpointFileName, failAt: 6);
        Assert.True(File.Exists(Path.Combine(dir, RunDirectory.SummaryFileName)));
        Assert.True(File.Exists(Path.Combine(dir, RunDirectory.ModelFileName)));
        Assert.IsType<QAgent>(AgentFile.Load(Path.Combine(dir, RunDirectory.ModelFileName), Corridor));
        Assert.Contains("\"env_steps\": 3000", File.ReadAllText(Path.Combine(dir, RunDirectory.SummaryFileName)));
    }

    [Fact]
    public void ADirectoryHoldingARunIsRefusedUnlessOverwrittenAndIsHeldByOneRunAtATime()
    {
        string dir = Uninterrupted(), dir2 = Uninterrupted();
        var e = Assert.Throws<RunDirectoryException>(() => RunDirectory.CreateNew(dir));
        Assert.Contains($"{dir} already holds a run (checkpoint.bin, progress.csv, monitor.csv, summary.json, model.bin)", e.Message);

        File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
        using (var d = RunDirectory.CreateNew(dir, overwrite: true))
        {
            Assert.Equal(["holder.txt", "notes.txt", "run.lock"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
            // held: neither a new run nor a resume may enter, in this process or (see the CLI tests) another
            var held = Assert.Throws<RunDirectoryException>(() => RunDirectory.CreateNew(dir, overwrite: true));
            Assert.True(held.Message.Contains($"in this process (pid {Environment.ProcessId})"), held.Message);
        }
        using (var first = RunDirectory.OpenForResume(dir2))
            Assert.Contains("one run per directory", Assert.Throws<RunDirectoryException>(() => RunDirectory.OpenForResume(dir2)).Message);
        Assert.Equal(["notes.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AResumeOfAnotherTrainerOrABrokenLogIsRefusedByName()
    {
        string dir = Uninterrupted();
        using (var d = RunDirectory.OpenForResume(dir))
        {
            var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(d, new OnPolicyTrainer(Corridor, OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo), 1)));
            Assert.Contains("not of a OnPolicyTrainer on Corridor-v0", e.Message);
        }
        File.WriteAllText(Path.Combine(dir, RunDirectory.ProgressFileName), "env_step\n");
        using (var d = RunDirectory.OpenForResume(dir))
        {
            var e = Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(d, NewTrainer(4_000)));
            Assert.Contains("progress.csv has 9 bytes, fewer than the", e.Message);
        }
    }

    [Fact]
    public void ARunMadeFromCodeOpensWithTheCommandLineTools()
    {
        // the built-in CartPole, so the CLI (which knows only registered environments) can replay the agents
        var cartPole = EnvRegistry.Spec("CartPole-v1");
        var dqn = new DqnTrainer(cartPole, new DqnOptions { TotalTimesteps = 1_500, LearningStarts = 200, NetArch = [16, 16] }, 3);
        var rein2 = new Rein2.Pure.Meta.Rein2Trainer(cartPole, new Rein2.Pure.Meta.Rein2Options
        {
            MetaLearner = Rein2.Pure.Meta.MetaLearner.Random, MetaSteps = 20, Episodes = 3, FinalEpisodes = 5, InnerNetArch = [16, 16],
        }, 3);
        foreach (var (trainer, agentFile) in new (ITrainer, string)[] { (dqn, RunDirectory.ModelFileName), (rein2, RunDirectory.BestAgentFileName) })
        {
            string dir = NewDir();
            using (var d = RunDirectory.CreateNew(dir)) Assert.Equal(RunOutcome.Finished, TrainingRun.Start(d, trainer, Options).Run());
            string html = Path.Combine(NewDir(), "report.html"), svg = Path.Combine(NewDir(), "episode.svg");
            var report = Support.CliRunner.Run("report", dir, "--out", html);
            Assert.True(report.Code == 0, report.Err);
            Assert.Contains("CartPole-v1", File.ReadAllText(html));
            var render = Support.CliRunner.Run("render", Path.Combine(dir, agentFile), "--out", svg, "--max-steps", "20");
            Assert.True(render.Code == 0, render.Err);
            var eval = Support.CliRunner.Run("eval", Path.Combine(dir, agentFile), "--episodes", "3");
            Assert.True(eval.Code == 0, eval.Err);
            Assert.Contains("\"env\": \"CartPole-v1\"", eval.Out);
        }
    }

    // A run's checkpoints only pause the trainer: whatever the schedule, it ends as a plain Learn() does.
    // (A PPO run whose checkpoint fell on the last step of its final rollout once ended without
    // learning from that rollout.)
    [Theory]
    [InlineData("ppo", 2_048L)] [InlineData("ppo", 1_000L)] [InlineData("a2c", 640L)] [InlineData("dqn", 1_000L)] [InlineData("dqn", 1_024L)]
    public void CheckpointsOnAnyScheduleEndWhereAPlainLearnEnds(string algo, long every)
    {
        var cartPole = EnvRegistry.Spec("CartPole-v1");
        Func<ITrainer> make = algo switch
        {
            "dqn" => () => new DqnTrainer(cartPole, new DqnOptions { TotalTimesteps = 3_000, LearningStarts = 200, NetArch = [16, 16] }, 5),
            // 6,000 is not a whole number of 512-step rollouts: the last one ends at 6,144
            _ => () => new OnPolicyTrainer(cartPole, OnPolicyOptions.Defaults(algo == "ppo" ? OnPolicyAlgo.Ppo : OnPolicyAlgo.A2c) with
            {
                NEnvs = 4, NSteps = algo == "ppo" ? 128 : 16, TotalTimesteps = 6_000, NetArch = [16, 16],
            }, 5),
        };
        var plain = make();
        plain.Learn();
        var hosted = make();
        using (var d = RunDirectory.CreateNew(NewDir()))
            Assert.Equal(RunOutcome.Finished, TrainingRun.Start(d, hosted, Options with { Checkpoints = new CheckpointPolicy { EverySteps = every, EveryMinutes = 0 } }).Run());
        Assert.Equal(plain.Steps, hosted.Steps);
        var (a, b) = (new float[1], new float[1]);
        var probe = new Rein2.Pure.Rng.Pcg64(9);
        for (int i = 0; i < 2_000; i++)
        {
            float[] obs = [.. Enumerable.Range(0, 4).Select(_ => (float)probe.Uniform(-1, 1))];
            plain.Agent.Act(obs, a); hosted.Agent.Act(obs, b);
            Assert.Equal(a[0], b[0]);
        }
    }

    // issue 31: a full disk before the first checkpoint leaves nothing to resume: the message says how to start again
    [Theory]
    [InlineData(null, "start the run again (RunDirectory.CreateNew with overwrite) once there is room")]
    [InlineData("rein2 train --out x --overwrite", "start it again once there is room: rein2 train --out x --overwrite")]
    public void AFullDiskBeforeTheFirstCheckpointSaysHowToStartAgain(string? restart, string says)
    {
        string cut = NewDir();
        DqnTrainer? t = null;
        RunIOException? error = null;
        Checkpointing(() => t!, () =>
        {
            using var d = RunDirectory.CreateNew(cut);
            error = Assert.Throws<RunIOException>(() => TrainingRun.Start(d, t = NewTrainer(), Options with { RestartHint = restart, ContinueHint = "rein2 train --resume x" }).Run());
        }, failFile: RunDirectory.CheckpointFileName, failAt: 1);
        Assert.Contains("no checkpoint had been written yet", error!.Message);
        Assert.Contains(says, error.Message);
        Assert.DoesNotContain("--resume", error.Message);
    }

    // issue 31: a checkpoint restored into a trainer built with other settings is refused, naming the setting and both values
    [Theory]
    [InlineData("learning_rate", "0.001", "0.0005")]
    [InlineData("gamma", "0.99", "0.9")]
    [InlineData("net_arch", "16,16", "32,16")]
    [InlineData("seed", "11", "12")]
    public void ACheckpointIsRestoredOnlyIntoATrainerWithItsSettings(string key, string was, string now)
    {
        DqnTrainer Built(string? value) => key switch
        {
            "learning_rate" => new(Corridor, NewTrainer().Options with { LearningRate = Schedule.Constant(double.Parse(value ?? was, System.Globalization.CultureInfo.InvariantCulture)) }, 11),
            "gamma" => new(Corridor, NewTrainer().Options with { Gamma = double.Parse(value ?? was, System.Globalization.CultureInfo.InvariantCulture) }, 11),
            "net_arch" => new(Corridor, NewTrainer().Options with { NetArch = [.. (value ?? was).Split(',').Select(int.Parse)] }, 11),
            _ => new(Corridor, NewTrainer().Options, ulong.Parse(value ?? was)),
        };
        var first = Built(null);
        first.Learn(pauseAtStep: 300);
        string path = Path.Combine(NewDir(), "c.ckpt");
        CheckpointFile.Save(path, first);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Restore(path, Built(now)));
        Assert.Contains($"the checkpoint was made with {key}={was}, but this trainer has {key}={now}", e.Message);
        CheckpointFile.Restore(path, Built(null));                                                            // the same settings: restored
        CheckpointFile.Restore(path, new DqnTrainer(Corridor, first.Options with { TotalTimesteps = 9_000 }, 11));   // a raised budget extends the run

        // a run directory's checkpoint likewise
        string dir = NewDir();
        using (var d = RunDirectory.CreateNew(dir)) RunUntil(TrainingRun.Start(d, Built(null), Options), 600);
        using (var d = RunDirectory.OpenForResume(dir))
            Assert.Contains($"{key}={was}, but this trainer has {key}={now}", Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(d, Built(now))).Message);
    }

    // runs until the trainer has taken `steps`, then stops as a Ctrl-C would (a checkpoint is written)
    static void RunUntil(TrainingRun run, long steps)
    {
        using var stop = new CancellationTokenSource();
        Assert.Equal(RunOutcome.Interrupted, run.Run(new SyncProgress<RunProgress>(p => { if (p.Training.Steps >= steps) stop.Cancel(); }), stop.Token));
    }

    // issue 31: a run made from code, with no host settings, still records what rebuilds its trainer
    [Fact]
    public void StoredSettingsOfARunFromCodeAreTheTrainersOwn()
    {
        string dir = NewDir();
        using (var d = RunDirectory.CreateNew(dir)) RunUntil(TrainingRun.Start(d, NewTrainer(), Options), 600);
        using var o = RunDirectory.OpenForResume(dir);
        var stored = TrainingRun.StoredSettings(o).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal("11", stored["seed"]);
        Assert.Equal("0.001", stored["learning_rate"]);
        Assert.Equal("16,16", stored["net_arch"]);
    }
}
