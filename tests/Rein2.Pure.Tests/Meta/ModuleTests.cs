// REIN-2 as the paper's framework of modules (issue 32): a user's own meta-learner and weight subset
// run through Rein2Trainer and TrainingRun (checkpoint and resume bit-identical, every thread count
// alike), a subset that breaks its contract is refused by name, the new subsets keep the engine's
// guarantees, scaled inputs travel with the agent (its file, its ONNX export), the default job's
// bytes are pinned, and a checkpoint of the format before the modules is refused with a clear message.
using System.Security.Cryptography;
using Rein2.Pure.Algos;
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Meta;
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Meta;

public class ModuleTests
{
    // A (1+1)-ES hill climber, as a user would write one: a Gaussian step from the best so far, kept
    // when it scores at least as well. Its next candidate depends on the last fitness: one at a time.
    sealed class HillClimber(MetaLearnerContext c) : IMetaLearner
    {
        readonly float[] _best = [.. c.Start], _trial = new float[c.Dimension];
        double _bestFitness = double.NegativeInfinity;
        Pcg64 _rng = c.Generator;
        public string Name => "hill-climber";
        public int CandidatesUntilUpdate => 1;
        public void Ask(Span<float> candidate)
        {
            for (int j = 0; j < _trial.Length; j++) _trial[j] = (float)Math.Clamp(_best[j] + 0.1 * c.Bound * _rng.NextGaussian(), -c.Bound, c.Bound);
            _trial.CopyTo(candidate);
        }
        public void Tell(double fitness, ReadOnlySpan<double> behavior)
        {
            if (fitness >= _bestFitness) { _bestFitness = fitness; _trial.CopyTo(_best, 0); }
        }
        public void Sync(StateArchive a) { a.Sync(_best); a.Sync(_trial); a.Sync(ref _bestFitness); a.Sync(ref _rng); }
    }

    // A memoryless user learner that may be asked ahead (so candidates are scored on several threads).
    sealed class Scatter(MetaLearnerContext c) : IMetaLearner
    {
        Pcg64 _rng = c.Generator;
        public string Name => "scatter";
        public int CandidatesUntilUpdate => 16;
        public void Ask(Span<float> candidate) { for (int j = 0; j < c.Dimension; j++) candidate[j] = (float)_rng.Uniform(-c.Bound, c.Bound); }
        public void Tell(double fitness, ReadOnlySpan<double> behavior) { }
        public void Sync(StateArchive a) => a.Sync(ref _rng);
    }

    // A user subset: the first hidden layer's biases, written as offsets from θ₀.
    sealed class FirstBiases : IWeightSubset
    {
        readonly int[] _idx; readonly float[] _theta0;
        public FirstBiases(WeightSubsetContext c)
        {
            _idx = [.. Enumerable.Range(c.Layout.BiasOffset(0), c.Layout.Out(0))];
            _theta0 = [.. _idx.Select(i => c.InitialParameters[i])];
        }
        public string Name => "first-biases";
        public int Dimension => _idx.Length;
        public ReadOnlySpan<int> Indices => _idx;
        public void Start(Span<float> action) => action[.._idx.Length].Clear();
        public void Write(ReadOnlySpan<float> action, Span<float> values) { for (int j = 0; j < _idx.Length; j++) values[j] = _theta0[j] + action[j]; }
    }

    static readonly Rein2Options Small = new() { Env = "Acrobot-v1", MetaSteps = 80, Episodes = 3, FinalEpisodes = 5, InnerNetArch = [16, 16] };

    static Rein2Trainer Hill(int threads = 1) => new(EnvRegistry.Spec("Acrobot-v1"), Small with { Threads = threads }, 5, c => new HillClimber(c), c => new FirstBiases(c));

    static byte[] State(Rein2Trainer t)
    {
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, true)) t.Sync(StateArchive.ForSaving(w));
        return bytes.ToArray();
    }

    [Fact]
    public void AUsersMetaLearnerAndSubsetRunAndResumeBitIdentically()
    {
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => Hill(), first => first.Learn(pauseAtStep: 33));
        Assert.Equal("hill-climber", whole.MetaLearner.Name);
        Assert.Equal("first-biases", whole.Subset.Name);
        Assert.Equal(whole.BestCandidate.ToArray(), resumed.BestCandidate.ToArray());
        Assert.Equal(whole.BestReturn, resumed.BestReturn);
        Assert.Equal(State(whole), State(resumed));
        Assert.Equal(80, whole.MetaSteps);
        // only its weights moved
        var best = whole.BestParameters();
        var theta0 = whole.InitialParameters;
        var mine = new HashSet<int>(whole.Subset.Indices.ToArray());
        for (int i = 0; i < best.Length; i++) if (!mine.Contains(i)) Assert.Equal(theta0[i], best[i]);
    }

    [Fact]
    public void AUsersLearnerThatAsksAheadGivesTheSameBytesOnEveryThreadCount()
    {
        byte[] Run(int threads)
        {
            var t = new Rein2Trainer(EnvRegistry.Spec("Acrobot-v1"), Small with { Threads = threads }, 5, c => new Scatter(c), c => new FirstBiases(c));
            Assert.True(t.Learn());
            return State(t);
        }
        var one = Run(1);
        foreach (int threads in new[] { 2, 3, 8 }) Assert.Equal(one, Run(threads));
    }

    [Fact]
    public void AUsersModulesRunInATrainingRunAndResumeThere()
    {
        string whole = Directory.CreateTempSubdirectory("rein2-modules-").FullName, cut = Directory.CreateTempSubdirectory("rein2-modules-").FullName;
        using (var d = RunDirectory.CreateNew(whole)) Assert.Equal(RunOutcome.Finished, TrainingRun.Start(d, Hill()).Run());
        using (var d = RunDirectory.CreateNew(cut))
        {
            using var stop = new CancellationTokenSource();
            Assert.Equal(RunOutcome.Interrupted, TrainingRun.Start(d, Hill()).Run(new SyncProgress<RunProgress>(p => { if (p.Training.Steps >= 41) stop.Cancel(); }), stop.Token));
        }
        using (var d = RunDirectory.OpenForResume(cut))
        {
            var stored = TrainingRun.StoredSettings(d).ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.Equal("hill-climber", stored["module.meta_learner"]);
            Assert.Equal("first-biases", stored["module.subset"]);
            Assert.Equal(RunOutcome.Finished, TrainingRun.Resume(d, Hill()).Run());
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole, "best.agent")), File.ReadAllBytes(Path.Combine(cut, "best.agent")));
        // another subset is not this run's
        using (var d = RunDirectory.OpenForResume(cut))
            Assert.Contains("module.subset=first-biases, but this trainer has module.subset=rbv",
                Assert.Throws<InvalidDataException>(() => TrainingRun.Resume(d, new Rein2Trainer(EnvRegistry.Spec("Acrobot-v1"), Small, 5, c => new HillClimber(c)))).Message);
    }

    sealed class Broken(int[] indices) : IWeightSubset
    {
        public string Name => "broken";
        public int Dimension => indices.Length;
        public ReadOnlySpan<int> Indices => indices;
        public void Start(Span<float> action) => action.Clear();
        public void Write(ReadOnlySpan<float> action, Span<float> values) => action.CopyTo(values);
    }

    [Theory]
    [InlineData(new[] { 3, 2 }, "index 2 at position 1")]
    [InlineData(new[] { 5, 999_999 }, "index 999999 at position 1 is outside")]
    [InlineData(new int[0], "Dimension is 0")]
    public void ASubsetThatBreaksItsContractIsRefusedByName(int[] indices, string says)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Rein2Trainer(EnvRegistry.Spec("Acrobot-v1"), Small, 5, subset: _ => new Broken(indices)));
        Assert.Contains("weight subset 'broken'", e.Message);
        Assert.Contains(says, e.Message);
    }

    // the new subsets keep the engine's guarantees: every thread count alike, resume bit-identical
    [Theory]
    [InlineData(SubsetKind.Layer, InnerObservation.Raw), InlineData(SubsetKind.Layer, InnerObservation.Scaled), InlineData(SubsetKind.Subspace, InnerObservation.Scaled)]
    public void TheNewSubsetsAreThreadInvariantAndResumeBitIdentically(SubsetKind subset, InnerObservation obs)
    {
        var o = Small with { MetaLearner = MetaLearner.Es, Subset = subset, InnerObs = obs, BoundMode = BoundMode.Offset, SubspaceDim = 8 };
        byte[] Run(int threads)
        {
            var t = new Rein2Trainer(o with { Threads = threads }, 2);
            Assert.True(t.Learn());
            return State(t);
        }
        var one = Run(1);
        Assert.Equal(one, Run(3));
        var (whole, resumed) = Checkpointed.WholeAndResumed(() => new Rein2Trainer(o with { Threads = 2 }, 2), first => first.Learn(pauseAtStep: 29));
        Assert.Equal(State(whole), State(resumed));
        Assert.Equal(one, State(whole));
    }

    [Fact]
    public void ObservationScalingComesFromTheBoxAndLeavesUnboundedComponents()
    {
        var mc = ObservationScaling.FromBounds(EnvRegistry.Spec("MountainCar-v0").ObservationSpace);
        Assert.Equal([-0.3f, 0f], mc.Offset.ToArray());
        Assert.Equal(2f / 1.8f, mc.Scale[0], 6);
        Assert.Equal(2f / 0.14f, mc.Scale[1], 3);   // the velocity's ±0.07 becomes ±1
        var cp = ObservationScaling.FromBounds(EnvRegistry.Spec("CartPole-v1").ObservationSpace);
        Assert.Equal(1f, cp.Scale[1]);               // an infinite bound: unscaled
        Assert.Equal(0f, cp.Offset[1]);
        Assert.Throws<ArgumentException>(() => new ObservationScaling([0f], [0f]));
    }

    // a produced agent on scaled inputs carries its factors: the saved agent and its ONNX export act as the trainer's evaluation did
    [Fact]
    public void ScaledInputsTravelWithTheAgent()
    {
        var t = new Rein2Trainer(new Rein2Options { Env = "MountainCar-v0", MetaLearner = MetaLearner.Random, MetaSteps = 60, Episodes = 3, FinalEpisodes = 20, InnerObs = InnerObservation.Scaled }, 0);
        t.Learn();
        var final = t.FinalEvaluation();
        var agent = Assert.IsType<QAgent>(t.Agent);
        Assert.NotNull(agent.Scaling);
        string dir = Directory.CreateTempSubdirectory("rein2-scaled-").FullName;
        AgentFile.Save(Path.Combine(dir, "a.agent"), agent);
        var loaded = AgentFile.Load(Path.Combine(dir, "a.agent"));
        AgentFile.SaveOnnx(Path.Combine(dir, "a.onnx"), loaded);
        var onnx = AgentFile.Load(Path.Combine(dir, "a.onnx"));
        var rng = new Pcg64(4);
        float[] obs = new float[2], a = new float[1], b = new float[1], c = new float[1];
        for (int i = 0; i < 2000; i++)
        {
            obs[0] = (float)rng.Uniform(-1.2, 0.6); obs[1] = (float)rng.Uniform(-0.07, 0.07);
            agent.Act(obs, a); loaded.Act(obs, b); onnx.Act(obs, c);
            Assert.Equal(a[0], b[0]);
            Assert.Equal(a[0], c[0]);
        }
        // the raw network would not act alike: the factors matter
        var raw = new QAgent("MountainCar-v0", agent.ToNetwork());
        int differ = 0;
        for (int i = 0; i < 2000; i++)
        {
            obs[0] = (float)rng.Uniform(-1.2, 0.6); obs[1] = (float)rng.Uniform(-0.07, 0.07);
            agent.Act(obs, a); raw.Act(obs, b);
            if (a[0] != b[0]) differ++;
        }
        Assert.True(differ > 0);
        Assert.True(final.Episodes == 20);
    }

    // the paper's system is unchanged: the default job (PPO on CartPole, 2,500 meta steps, seed 0)
    // gives the bytes it gave before the modules (measured with the commit before issue 32)
    [Fact]
    public void TheDefaultJobIsPinned()
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("rein2-default-").FullName, "run");
        var r = CliRunner.Run("train", "--out", dir, "--threads", "1");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("794d8654790d9b386bcd66d61af0dc9315f285592f742764380a71d3e1d1c3d5", Hex(File.ReadAllBytes(Path.Combine(dir, "best.agent"))));
        string progress = string.Concat(File.ReadAllLines(Path.Combine(dir, "progress.csv")).Select(l => string.Join(',', l.Split(',').Where((_, i) => i != 2)) + "\n"));
        Assert.Equal("e8ed3c7a179d99af0b41ecdd6e51683aa707cbd0bb27e0434ce711dd21d27fe8", Hex(System.Text.Encoding.UTF8.GetBytes(progress)));
    }

    static string Hex(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));

    [Fact]
    public void ACheckpointFromBeforeTheModulesIsRefusedClearly()
    {
        string dir = Directory.CreateTempSubdirectory("rein2-old-ckpt-").FullName;
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Meta", "Data", "pre-modules-checkpoint.bin"), Path.Combine(dir, "checkpoint.bin"));
        var r = CliRunner.Run("train", "--resume", dir, "--steps", "60");
        Assert.Equal(2, r.Code);
        Assert.Contains("written by an earlier rein2, before REIN-2 was made of modules", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
