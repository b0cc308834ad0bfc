// The open trainer API on a user's own environment: every algorithm learns the corridor and clearly
// beats a random policy; progress is reported; cancellation stops at a consistent point that
// checkpoints and resumes bit-identically (with the state hook) or is refused with the reason
// (without it); a failing environment stops the run naming the step, the last checkpoint intact;
// and the built-in environments give the same runs by id and as a user's instance factory.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Optim;
using Rein2.Pure.Meta;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Custom;

public class TrainerApiTests
{
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-trainer-api-").FullName;
    static readonly EnvSpec Corridor = new(() => new Corridor());

    static DqnOptions Dqn => new()
    {
        TotalTimesteps = 6_000, LearningRate = Schedule.Constant(1e-3), LearningStarts = 200, BatchSize = 32, TrainFreq = 4,
        TargetUpdateInterval = 250, ExplorationFraction = 0.3, ExplorationFinalEps = 0.05, BufferSize = 10_000, NetArch = [32, 32],
    };

    static OnPolicyOptions Ppo => OnPolicyOptions.Defaults(OnPolicyAlgo.Ppo) with
    {
        NEnvs = 4, NSteps = 128, BatchSize = 64, NEpochs = 4, TotalTimesteps = 16_384, NetArch = [32, 32],
    };

    static OnPolicyOptions A2c => OnPolicyOptions.Defaults(OnPolicyAlgo.A2c) with
    {
        NEnvs = 4, NSteps = 16, TotalTimesteps = 40_000, NetArch = [32, 32], LearningRate = Schedule.Constant(1e-3), EntCoef = 0.01,
    };

    static Rein2Options Rein2 => new() { Env = "ignored: the spec's id is used", MetaSteps = 150, Episodes = 4, FinalEpisodes = 20, MetaLearner = MetaLearner.Random };

    // a random policy's mean return on the corridor (the same evaluation seeds)
    static double RandomReturn()
    {
        var rng = new Rein2.Pure.Rng.Pcg64(77);
        return Evaluation.Run(Corridor, 100, 5, (obs, a) => a[0] = (int)rng.Integers(0, 2)).Mean;
    }

    public static IEnumerable<object[]> Algorithms() => new[] { "dqn", "ppo", "a2c", "rein2" }.Select(a => new object[] { a });

    static ITrainer Make(string algo, EnvSpec env, ulong seed) => algo switch
    {
        "dqn" => new DqnTrainer(env, Dqn, seed),
        "ppo" => new OnPolicyTrainer(env, Ppo, seed),
        "a2c" => new OnPolicyTrainer(env, A2c, seed),
        _ => new Rein2Trainer(env, Rein2, seed),
    };

    [Theory, MemberData(nameof(Algorithms))]
    public void EachAlgorithmLearnsTheCorridorAndBeatsRandom(string algo)
    {
        var t = Make(algo, Corridor, 1);
        int reports = 0;
        // every budget here is a whole number of iterations, so no report may pass it
        Assert.True(t.Learn(new SyncProgress<TrainingProgress>(p => { reports++; Assert.InRange(p.Steps, 1, p.TotalSteps); })));
        Assert.True(t.Done);
        Assert.True(reports > 0);
        Assert.Equal("Corridor-v0", t.Agent.EnvId);
        double trained = Evaluation.Run(Corridor, t.Agent, 100, 5).Mean, random = RandomReturn();
        Assert.True(trained > 0.8 && trained > random + 0.5, $"{algo}: trained {trained:F3}, random {random:F3}");
    }

    [Theory, MemberData(nameof(Algorithms))]
    public void CancelledRunsCheckpointAndResumeBitIdentically(string algo)
    {
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => Make(algo, Corridor, 2), first =>
        {
            using var cancel = new CancellationTokenSource();
            long stopAt = first.TotalSteps / 3;
            return first.Learn(new SyncProgress<TrainingProgress>(p => { if (p.Steps >= stopAt) cancel.Cancel(); }), cancel.Token);
        });
        AssertSameAgent(whole.Agent, resumed.Agent);
    }

    [Fact]
    public void PauseAtStepStopsExactlyThereAndContinues()
    {
        var t = new OnPolicyTrainer(Corridor, Ppo, 3);
        Assert.False(t.Learn(pauseAtStep: 1000));
        Assert.Equal(1000, t.Steps); // four lanes: 250 vec steps, mid-rollout
        var whole = new OnPolicyTrainer(Corridor, Ppo, 3);
        whole.Learn();
        t.Learn();
        AssertSameAgent(whole.Agent, t.Agent);
    }

    [Fact]
    public void WithoutAStateHookCheckpointingIsRefusedWithTheReasonAndTrainingStillWorks()
    {
        var spec = new EnvSpec(() => new CorridorWithoutState());
        var t = new DqnTrainer(spec, Dqn with { TotalTimesteps = 1_000 }, 4);
        Assert.True(t.Learn());
        var e = Assert.Throws<NotSupportedException>(() => CheckpointFile.Save(Path.Combine(Dir, "nostate.ckpt"), t));
        Assert.Contains("does not implement Env.SyncState", e.Message);
        Assert.False(File.Exists(Path.Combine(Dir, "nostate.ckpt")));
    }

    [Fact]
    public void AFailingEnvironmentStopsTheRunAndTheLastCheckpointStillLoads()
    {
        // the environment throws on step 5 of every episode: the quick check at start catches it
        var start = Assert.Throws<EnvironmentException>(() => new DqnTrainer(new EnvSpec(() => new ThrowsOnFifthStep()), Dqn, 5));
        Assert.Contains("the sensor cable came loose", start.Message);

        // one that goes wrong only later in a run: NaN far right (reached only once the agent walks right)
        var spec = new EnvSpec(() => new NaNLater());
        var t = new OnPolicyTrainer(spec, Ppo, 5);
        string path = Path.Combine(Dir, "failing.ckpt");
        t.Learn(pauseAtStep: 64);
        CheckpointFile.Save(path, t);
        var e = Assert.Throws<EnvironmentException>(() => t.Learn());
        Assert.Contains("non-finite observation", e.Message);
        Assert.Matches(@"batch step \d+", e.Message);
        var again = new OnPolicyTrainer(spec, Ppo, 5);
        CheckpointFile.Restore(path, again);
        Assert.Equal(64, again.Steps);
        AssertFaultedTrainerRefusesToGoOn(t, e, path, Path.Combine(Dir, "faulted.ckpt"));
    }

    // A trainer whose Learn threw is Faulted: Learn again, saving it and restoring into it are refused,
    // naming the fault and the way out; no file is written.
    static void AssertFaultedTrainerRefusesToGoOn(ITrainer t, Exception fault, string goodCheckpoint, string path)
    {
        Assert.Equal(TrainerStatus.Faulted, t.Status);
        Assert.Same(fault, t.Fault);
        foreach (var refused in new Action[] { () => t.Learn(), () => CheckpointFile.Save(path, t), () => CheckpointFile.Restore(goodCheckpoint, t) })
        {
            var e = Assert.Throws<TrainerFaultedException>(refused);
            Assert.Contains(fault.Message, e.Message);
            Assert.Contains("restore the last checkpoint", e.Message);
            Assert.Same(fault, e.InnerException);
        }
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void DqnAndRein2TrainersFaultOnALateEnvironmentErrorAndStayFaulted()
    {
        var spec = new EnvSpec(() => new NaNLater());
        var dqn = new DqnTrainer(spec, Dqn with { TotalTimesteps = 20_000 }, 5);
        string good = Path.Combine(Dir, "good-dqn.ckpt");
        dqn.Learn(pauseAtStep: 10);
        CheckpointFile.Save(good, dqn);
        var e = Assert.Throws<EnvironmentException>(() => dqn.Learn());
        AssertFaultedTrainerRefusesToGoOn(dqn, e, good, Path.Combine(Dir, "faulted-dqn.ckpt"));

        var r2 = new Rein2Trainer(spec, Rein2 with { MetaSteps = 2_000, Episodes = 2, InnerNetArch = [8], RbvFraction = 0.5 }, 5);
        string good2 = Path.Combine(Dir, "good-rein2.ckpt");
        CheckpointFile.Save(good2, r2); // before its first meta step: random agents reach the far right at once
        var e2 = Assert.Throws<EnvironmentException>(() => r2.Learn());
        AssertFaultedTrainerRefusesToGoOn(r2, e2, good2, Path.Combine(Dir, "faulted-rein2.ckpt"));
    }

    [Fact]
    public void CheckpointsOfAnotherTrainerOrEnvironmentAreRefusedByName()
    {
        var dqn = new DqnTrainer(Corridor, Dqn with { TotalTimesteps = 500 }, 6);
        dqn.Learn();
        string path = Path.Combine(Dir, "dqn.ckpt");
        CheckpointFile.Save(path, dqn);
        var e = Assert.Throws<InvalidDataException>(() => CheckpointFile.Restore(path, new OnPolicyTrainer(Corridor, Ppo, 6)));
        Assert.Contains("DqnTrainer on Corridor-v0", e.Message);
    }

    [Fact]
    public void AgentsOfAUsersEnvironmentSaveAndLoadGivenTheSpecOrTheRegistration()
    {
        var t = new DqnTrainer(Corridor, Dqn with { TotalTimesteps = 500 }, 7);
        t.Learn();
        string path = Path.Combine(Dir, "corridor.agent");
        AgentFile.Save(path, t.Agent);
        var unregistered = Assert.Throws<InvalidDataException>(() => AgentFile.Load(path));
        Assert.Contains("'Corridor-v0', which is not registered", unregistered.Message);
        var loaded = AgentFile.Load(path, Corridor);
        AssertSameAgent(t.Agent, loaded);
        var ppo = new OnPolicyTrainer(Corridor, Ppo with { TotalTimesteps = 512 }, 7);
        ppo.Learn();
        string model = Path.Combine(Dir, "corridor-ppo.bin");
        AgentFile.Save(model, ppo.Agent);
        AssertSameAgent(ppo.Agent, AgentFile.Load(model, Corridor));
    }

    [Fact]
    public void BuiltInEnvironmentsGiveTheSameRunsByIdAndByInstanceFactory()
    {
        var factory = new EnvSpec(() => new CartPole()); // a user's spec: runs through EnvBatch
        var ppoOptions = Presets.OnPolicy(OnPolicyAlgo.Ppo, "CartPole-v1") with { TotalTimesteps = 2_048 };
        var byId = new OnPolicyTrainer("CartPole-v1", ppoOptions, 8);
        var byFactory = new OnPolicyTrainer(factory, ppoOptions, 8);
        byId.Learn(); byFactory.Learn();
        Assert.Equal(byId.Policy.Parameters, byFactory.Policy.Parameters);

        var dqnOptions = Presets.Dqn("CartPole-v1") with { TotalTimesteps = 3_000, LearningStarts = 500 };
        var d1 = new DqnTrainer("CartPole-v1", dqnOptions, 8); var d2 = new DqnTrainer(factory, dqnOptions, 8);
        d1.Learn(); d2.Learn();
        Assert.Equal(d1.Q.Net.Parameters, d2.Q.Net.Parameters);

        var rein2 = new Rein2Options { Env = "CartPole-v1", MetaSteps = 40, Episodes = 5, FinalEpisodes = 10 };
        var r1 = new Rein2Trainer(rein2, 8); var r2 = new Rein2Trainer(factory, rein2, 8);
        var returns1 = new List<double>(); var returns2 = new List<double>();
        r1.Learn(new SyncProgress<TrainingProgress>(p => returns1.Add(p.MeanReturn)));
        r2.Learn(new SyncProgress<TrainingProgress>(p => returns2.Add(p.MeanReturn)));
        Assert.Equal(returns1, returns2);
        Assert.Equal(r1.FinalEvaluation().Mean, r2.FinalEvaluation().Mean);
    }

    static void AssertSameAgent(IAgent a, IAgent b)
    {
        var rng = new Rein2.Pure.Rng.Pcg64(11);
        var obs = new float[a.ObservationSize];
        var x = new float[a.ActionSpace.FlatSize]; var y = new float[b.ActionSpace.FlatSize];
        for (int i = 0; i < 200; i++)
        {
            obs[0] = (float)rng.Uniform(0, 1); obs[1] = rng.NextDouble() < 0.5 ? -1 : 1;
            a.Act(obs, x); b.Act(obs, y);
            Assert.Equal(x, y);
        }
        if (a is QAgent qa && b is QAgent qb) Assert.Equal(qa.Parameters.ToArray(), qb.Parameters.ToArray());
        if (a is ActorCriticModel ma && b is ActorCriticModel mb) Assert.Equal(ma.Policy.Parameters, mb.Policy.Parameters);
    }
}

/// <summary>Writes NaN once the walker gets far right (position 11): fine at first, broken later in a run.</summary>
public sealed class NaNLater : Corridor
{
    protected override void Observe(Span<float> observation)
    {
        base.Observe(observation);
        if (Position >= 11) observation[1] = float.NaN;
    }
}
