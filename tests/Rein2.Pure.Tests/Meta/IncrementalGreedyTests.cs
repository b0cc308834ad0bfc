// The incremental greedy evaluator against the dense network it stands in for: along real and random
// trajectories its action is argmax of the dense Mlp forward pass (batch 1) at every step, its error
// bound holds against both the dense float32 values and a float64 evaluation, ties and non-finite
// values fall back, folding keeps it exact, and weight changes are picked up.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;
using Rein2.Pure.Nn;
using FsCheck.Xunit;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Meta;

public class IncrementalGreedyTests
{
    // A REIN-2-like inner network: PyTorch init, then a random 1 % of the entries set uniformly in ±bound.
    static QNetwork Network(int obs, int actions, int[] arch, ulong seed, double bound = 1)
    {
        var q = new QNetwork(obs, actions, arch);
        var rng = new Pcg64(seed);
        q.InitializeTorchDefault(ref rng);
        var p = q.Net.Parameters;
        for (int i = 0; i < p.Length / 100; i++) p[(int)rng.Integers(0, p.Length)] = (float)rng.Uniform(-bound, bound);
        return q;
    }

    static int DenseAction(QNetwork q, ReadOnlySpan<float> obs) => Categorical.ArgMax(q.Net.Forward(obs, 1));

    [Theory]
    [InlineData("CartPole-v1", 1UL)]
    [InlineData("Acrobot-v1", 2UL)]
    [InlineData("MountainCar-v0", 3UL)]
    public void ActionsEqualTheDenseNetworkAlongEpisodes(string envId, ulong seed)
    {
        var probe = EnvRegistry.Make(envId);
        int d = probe.ObservationSize, k = ((DiscreteSpace)probe.ActionSpace).N, lanes = 6;
        var q = Network(d, k, [256, 256], seed);
        var inc = new IncrementalGreedy(q.Net, lanes);
        var env = VecEnvRegistry.Make(envId, lanes, TrigMode.Exact);
        var actions = new int[lanes];
        var laneOf = Enumerable.Range(0, lanes).ToArray();
        var rng = new Pcg64(seed + 100);
        long steps = 0;
        for (int round = 0; round < 4; round++)
        {
            // change some weights between rounds, as REIN-2 does between evaluations
            for (int c = 0; c < 50; c++)
            {
                int i = (int)rng.Integers(0, q.Net.Parameters.Length);
                float v = (float)rng.Uniform(-1, 1);
                q.Net.Parameters[i] = v; inc.SetParameter(i, v);
            }
            env.Reset(seed * 1000 + (ulong)round);
            inc.BeginTrajectories();
            for (int t = 0; t < 150; t++, steps += lanes)
            {
                inc.Act(env.Observations, lanes, laneOf, actions);
                for (int r = 0; r < lanes; r++)
                    Assert.Equal(DenseAction(q, env.Observations.Slice(r * d, d)), actions[r]);
                env.Step(actions);
            }
        }
        Assert.Equal(steps, inc.Certified + inc.FellBack);
        Assert.True(inc.Certified > 0.8 * steps, $"only {inc.Certified} of {steps} steps certified");
    }

    [Property(MaxTest = 40)]
    public void TheBoundHoldsOnRandomWalks(ulong seed, byte scaleRaw, byte stepRaw)
    {
        // random walks of the observation, small and large steps (large ones force folds)
        int d = 3 + (int)(seed % 4), k = 2 + (int)(seed % 3);
        double bound = scaleRaw % 4 == 0 ? 10 : 1, stride = stepRaw % 3 == 0 ? 0.5 : 0.02;
        var q = Network(d, k, [64, 48], seed, bound);
        var inc = new IncrementalGreedy(q.Net, 1);
        var rng = new Pcg64(seed + 7);
        var x = new float[d];
        for (int i = 0; i < d; i++) x[i] = (float)rng.Uniform(-1, 1);
        inc.BeginTrajectories();
        var a = new int[1];
        for (int t = 0; t < 200; t++)
        {
            for (int i = 0; i < d; i++) x[i] += (float)rng.Uniform(-stride, stride);
            inc.Act(x, 1, [0], a);
            var (fast, e) = inc.LastEstimate(x, 0);
            var dense = q.Net.Forward(x, 1);
            var exact = ExactQ(q.Net, x);
            for (int j = 0; j < k; j++)
            {
                Assert.True(Math.Abs(dense[j] - fast[j]) <= e[j], $"t={t} a={j}: dense {dense[j]} fast {fast[j]} bound {e[j]}");
                Assert.True(Math.Abs(exact[j] - fast[j]) <= e[j], $"t={t} a={j}: exact {exact[j]} fast {fast[j]} bound {e[j]}");
            }
            Assert.Equal(DenseAction(q, x), a[0]);
        }
    }

    // The network evaluated in float64.
    static double[] ExactQ(Mlp net, ReadOnlySpan<float> x)
    {
        var L = net.Layout; float[] p = net.Parameters.ToArray();
        double[] h = x.ToArray().Select(v => (double)v).ToArray();
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l);
            var y = new double[Out];
            for (int o = 0; o < Out; o++)
            {
                double s = p[L.BiasOffset(l) + o];
                for (int i = 0; i < In; i++) s += (double)p[L.WeightOffset(l) + o * In + i] * h[i];
                y[o] = l < L.LayerCount - 1 ? Math.Max(s, 0) : s;
            }
            h = y;
        }
        return h;
    }

    // Rows acted together have their corrections summed four at a time over the union of their units
    // (zero coefficients for the others); that must give every row the very Q estimate and bound it
    // gets when acted on its own.
    [Theory]
    [InlineData("CartPole-v1", 4UL)]
    [InlineData("Acrobot-v1", 5UL)]
    public void RowsActedTogetherGetTheEstimatesTheyGetAlone(string envId, ulong seed)
    {
        var probe = EnvRegistry.Make(envId);
        int d = probe.ObservationSize, k = ((DiscreteSpace)probe.ActionSpace).N, lanes = 7;
        var q = Network(d, k, [256, 256], seed);
        var together = new IncrementalGreedy(q.Net, lanes);
        var alone = new IncrementalGreedy(q.Net, lanes);
        var env = VecEnvRegistry.Make(envId, lanes, TrigMode.Exact);
        env.Reset(seed);
        together.BeginTrajectories(); alone.BeginTrajectories();
        var actions = new int[lanes]; var one = new int[1];
        var laneOf = Enumerable.Range(0, lanes).ToArray();
        for (int t = 0; t < 60; t++)
        {
            together.Act(env.Observations, lanes, laneOf, actions);
            for (int r = 0; r < lanes; r++)
            {
                var x = env.Observations.Slice(r * d, d);
                var (qTogether, eTogether) = together.LastEstimate(x, r);
                alone.Act(x, 1, [r], one);
                var (qAlone, eAlone) = alone.LastEstimate(x, 0);
                Assert.Equal(qAlone, qTogether);
                Assert.Equal(eAlone, eTogether);
                Assert.Equal(one[0], actions[r]);
            }
            env.Step(actions);
        }
        Assert.True(together.Corrections > 0 && together.Corrections == alone.Corrections, $"{together.Corrections} vs {alone.Corrections}");
    }

    // The bound's weight sums, kept up to date weight by weight (SetParameter), against the same sums
    // computed here from the flat layout in double — after full Syncs, after thousands of single
    // changes of every kind of parameter (the same entries repeatedly, large and tiny values) and after
    // a non-finite weight was set and replaced.
    [Property(MaxTest = 25)]
    public void TheBoundSumsFollowSingleWeightChangesExactly(ulong seed)
    {
        int d = 2 + (int)(seed % 5), k = 2 + (int)(seed % 3), h = 24 + (int)(seed % 9), g = 16 + (int)(seed % 11);
        var q = Network(d, k, [h, g], seed);
        var inc = new IncrementalGreedy(q.Net, 2);
        var rng = new Pcg64(seed + 11);
        var p = q.Net.Parameters;
        for (int round = 0; round < 6; round++)
        {
            int changes = round == 0 ? 0 : 1 + (int)rng.Integers(0, 600);
            for (int c = 0; c < changes; c++)
            {
                int i = c % 7 == 0 ? (int)rng.Integers(0, 5) : (int)rng.Integers(0, p.Length);  // some entries again and again
                double scale = rng.NextDouble() < 0.2 ? 10 : rng.NextDouble() < 0.2 ? 1e-4 : 1;
                float v = round == 3 && c == 0 ? float.NaN : (float)rng.Uniform(-scale, scale);
                p[i] = v; inc.SetParameter(i, v);
                if (float.IsNaN(v)) { p[i] = 0.25f; inc.SetParameter(i, 0.25f); }
            }
            var (T, M, W3B2) = inc.BoundSums();
            var (eT, eM, eW) = ExactBoundSums(q.Net, d, h, g, k);
            AssertClose(eT, T); AssertClose(eM, M); AssertClose(eW, W3B2);
        }
    }

    [Fact]
    public void SettingManyParametersAtOnceEqualsSettingThemOneByOne()
    {
        var q = Network(4, 2, [256, 256], 21);
        var one = new IncrementalGreedy(q.Net, 1); var many = new IncrementalGreedy(q.Net, 1);
        one.BoundSums(); many.BoundSums();
        var rng = new Pcg64(22);
        var indices = Enumerable.Range(0, 700).Select(_ => (int)rng.Integers(0, q.Net.Parameters.Length)).Order().ToArray();
        var values = indices.Select(_ => (float)rng.Uniform(-1, 1)).ToArray();
        for (int i = 0; i < indices.Length; i++) one.SetParameter(indices[i], values[i]);
        many.SetParameters(indices, values);
        var (t1, m1, w1) = one.BoundSums(); var (t2, m2, w2) = many.BoundSums();
        Assert.Equal(t1, t2); Assert.Equal(m1, m2); Assert.Equal(w1, w2);
        Assert.Throws<ArgumentException>(() => many.SetParameters(indices, values.AsSpan(1)));
    }

    static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int e = 0; e < expected.Length; e++)
            Assert.True(Math.Abs(actual[e] - expected[e]) <= 1e-6 * expected[e] + 1e-30, $"entry {e}: {actual[e]} vs exact {expected[e]}");
    }

    // T[i,o] = Σ_j |W1[j,i]|·|W2[o,j]| (row d: |b1| and + |b2|), M[a,j] = Σ_o |W3[a,o]|·|W2[o,j]|, Σ_o |W3[a,o]|·|b2[o]|
    static (double[] T, double[] M, double[] W3B2) ExactBoundSums(Mlp net, int d, int h, int g, int k)
    {
        var L = net.Layout; float[] p = net.Parameters.ToArray();
        double W1(int j, int i) => Math.Abs(p[L.WeightOffset(0) + j * d + i]);
        double B1(int j) => Math.Abs(p[L.BiasOffset(0) + j]);
        double W2(int o, int j) => Math.Abs(p[L.WeightOffset(1) + o * h + j]);
        double B2(int o) => Math.Abs(p[L.BiasOffset(1) + o]);
        double W3(int a, int o) => Math.Abs(p[L.WeightOffset(2) + a * g + o]);
        var T = new double[(d + 1) * g]; var M = new double[k * h]; var W = new double[k];
        for (int o = 0; o < g; o++)
        {
            for (int i = 0; i < d; i++) for (int j = 0; j < h; j++) T[i * g + o] += W1(j, i) * W2(o, j);
            for (int j = 0; j < h; j++) T[d * g + o] += B1(j) * W2(o, j);
            T[d * g + o] += B2(o);
        }
        for (int a = 0; a < k; a++)
        {
            for (int j = 0; j < h; j++) for (int o = 0; o < g; o++) M[a * h + j] += W3(a, o) * W2(o, j);
            for (int o = 0; o < g; o++) W[a] += W3(a, o) * B2(o);
        }
        return (T, M, W);
    }

    [Fact]
    public void TiesFallBackToTheDenseFirstMaximum()
    {
        var q = Network(4, 3, [32, 32], 9);
        var L = q.Net.Layout; var p = q.Net.Parameters;
        // actions 1 and 2 get the same output row: Q₁ = Q₂ exactly, and above Q₀
        for (int o = 0; o < 32; o++) p[L.WeightOffset(2) + 2 * 32 + o] = p[L.WeightOffset(2) + 32 + o];
        p[L.BiasOffset(2) + 1] = p[L.BiasOffset(2) + 2] = 100f;
        var inc = new IncrementalGreedy(q.Net, 1);
        inc.BeginTrajectories();
        var a = new int[1];
        var x = new float[] { 0.1f, -0.2f, 0.3f, 0.05f };
        inc.Act(x, 1, [0], a);
        Assert.Equal(1, a[0]);
        Assert.Equal(1, inc.FellBack);
    }

    [Fact]
    public void NonFiniteWeightsFallBackWithoutThrowing()
    {
        var q = Network(4, 2, [32, 32], 10);
        q.Net.Parameters[q.Net.Layout.WeightOffset(1) + 5] = float.NaN;
        var inc = new IncrementalGreedy(q.Net, 1);
        inc.BeginTrajectories();
        var a = new int[1];
        var x = new float[] { 0.1f, -0.2f, 0.3f, 0.05f };
        for (int t = 0; t < 20; t++, x[0] += 0.1f)
        {
            inc.Act(x, 1, [0], a);
            Assert.Equal(DenseAction(q, x), a[0]);
        }
        Assert.True(inc.FellBack > 0);
    }

    [Fact]
    public void LargeDriftsFoldAndStayExact()
    {
        var q = Network(4, 2, [64, 64], 11);
        var inc = new IncrementalGreedy(q.Net, 2);
        inc.BeginTrajectories();
        var rng = new Pcg64(12);
        var x = new float[8];
        var a = new int[2];
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < 8; i++) x[i] = (float)rng.Uniform(-3, 3); // far jumps: the active set changes a lot
            inc.Act(x, 2, [0, 1], a);
            Assert.Equal(DenseAction(q, x.AsSpan(0, 4)), a[0]);
            Assert.Equal(DenseAction(q, x.AsSpan(4, 4)), a[1]);
        }
        Assert.True(inc.Folded > 0);
    }

    [Fact]
    public void ActingAfterAWeightChangeWithoutBeginTrajectoriesIsRejected()
    {
        var q = Network(4, 2, [32, 32], 13);
        var inc = new IncrementalGreedy(q.Net, 1);
        inc.BeginTrajectories();
        inc.SetParameter(3, 0.5f);
        var e = Assert.Throws<InvalidOperationException>(() => inc.Act(new float[4], 1, [0], new int[1]));
        Assert.Contains("BeginTrajectories", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => { inc.BeginTrajectories(); inc.Act(new float[4], 1, [1], new int[1]); });
    }

    [Fact]
    public void OnlyTwoHiddenReluLayersWithAtMostFourActionsAreSupported()
    {
        Assert.True(IncrementalGreedy.Supports(new MlpLayout([4, 256, 256, 2], Activation.Relu)));
        Assert.False(IncrementalGreedy.Supports(new MlpLayout([4, 64, 2], Activation.Relu)));
        Assert.False(IncrementalGreedy.Supports(new MlpLayout([4, 64, 64, 2], Activation.Tanh)));
        Assert.False(IncrementalGreedy.Supports(new MlpLayout([4, 64, 64, 5], Activation.Relu)));
        var e = Assert.Throws<ArgumentException>(() => new IncrementalGreedy(new Mlp(new MlpLayout([4, 64, 2], Activation.Relu)), 1));
        Assert.Contains("4-64-2", e.Message);
    }
}
