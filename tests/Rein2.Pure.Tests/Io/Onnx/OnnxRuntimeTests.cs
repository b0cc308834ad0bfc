// Every kind of exported agent run by ONNX Runtime (Microsoft.ML.OnnxRuntime, the reference reader):
// on 10,000 observations its outputs equal the library's own agent — q_values / logits / value within
// 1e-5 relative, actions identical — the batch dimension is dynamic, and the metadata names the
// environment. Opsets 13 (the default) and 21 are both loaded.
using Microsoft.ML.OnnxRuntime;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Tests.Io.Onnx;

public class OnnxRuntimeTests(Xunit.Abstractions.ITestOutputHelper output)
{
    const int Rows = 10_000;
    static readonly string Dir = Directory.CreateTempSubdirectory("rein2-onnx-").FullName;

    public static readonly TheoryData<string, int> Cases = new()
    {
        { "dqn-cartpole", 13 }, { "rein2-acrobot", 13 }, { "ppo-acrobot-vecnormalize", 13 }, { "a2c-pendulum", 13 }, { "ppo-box-relu", 13 },
        { "rein2-actor-scaled", 13 },
        { "ppo-acrobot-vecnormalize", 21 },
    };

    // One output computed in float64 (exact to float32's eyes), with the size of the computation behind
    // it: Σ|w·h| + |b| of its last layer, which float32 rounding errors scale with (they do not scale
    // with the output itself, which cancellation can bring near zero).
    sealed record Exact(double[] Values, double[] Magnitude);

    static Exact Forward64(MlpLayout layout, ReadOnlySpan<float> p, double[] x)
    {
        double[] magnitude = [];
        for (int l = 0; l < layout.LayerCount; l++)
        {
            int In = layout.In(l), Out = layout.Out(l);
            var y = new double[Out];
            magnitude = new double[Out];
            for (int o = 0; o < Out; o++)
            {
                double sum = p[layout.BiasOffset(l) + o], size = Math.Abs(sum);
                for (int i = 0; i < In; i++) { double t = p[layout.WeightOffset(l) + o * In + i] * x[i]; sum += t; size += Math.Abs(t); }
                y[o] = layout.ActivationOf(l) switch { Activation.Tanh => Math.Tanh(sum), Activation.Relu => Math.Max(0, sum), _ => sum };
                magnitude[o] = size;
            }
            x = y;
        }
        return new Exact(x, magnitude);
    }

    // The agent's scores (q_values, logits or the Gaussian's mean) and value, in float64.
    static (Exact Scores, Exact? Value) Reference(IAgent agent, ReadOnlySpan<float> obs)
    {
        switch (agent)
        {
            case QAgent q:
                var net = q.ToNetwork().Net;
                return (Forward64(net.Layout, net.Parameters, [.. obs.ToArray().Select(v => (double)v)]), null);
            case ActorCriticModel m:
                var x = obs.ToArray().Select(v => (double)v).ToArray();
                if (m.Normalizer is { } n)
                    for (int j = 0; j < x.Length; j++) x[j] = Math.Clamp((x[j] - n.ObsRms.Mean[j]) / Math.Sqrt(n.ObsRms.Var[j] + n.Epsilon), -n.ClipObs, n.ClipObs);
                return (Forward64(m.Policy.Pi.Layout, m.Policy.Pi.Parameters, x), Forward64(m.Policy.Vf.Layout, m.Policy.Vf.Parameters, x));
            case ActorAgent a:
                var xs = obs.ToArray().Select(v => (double)v).ToArray();
                if (a.Scaling is { } s)
                    for (int j = 0; j < xs.Length; j++) xs[j] = (xs[j] - s.Offset[j]) * s.Scale[j];
                var y = Forward64(a.Layout, a.Parameters, xs);
                var b = (BoxSpace)a.ActionSpace;
                // stretched over the box: mid + tanh·half (the comparison clamps to the box)
                var stretched = y.Values.Select((t, j) => (b.Low[j] + (double)b.High[j]) / 2 + t * (b.High[j] - (double)b.Low[j]) / 2).ToArray();
                return (new Exact(stretched, [.. y.Magnitude.Select((m2, j) => m2 * (b.High[j] - b.Low[j]) / 2)]), null);
            default: throw new ArgumentException(agent.GetType().Name);
        }
    }

    // The library's own float32 scores and value for one observation.
    static (float[] Scores, float Value) Native(IAgent agent, ReadOnlySpan<float> obs)
    {
        switch (agent)
        {
            case QAgent q:
                var net = q.ToNetwork().Net;
                var scores = new float[net.Layout.OutputSize];
                MlpInference.Forward(net.Layout, net.Parameters, obs, scores);
                return (scores, float.NaN);
            case ActorCriticModel m:
                var x = obs.ToArray();
                m.Normalizer?.NormalizeObs(x, 1);
                var pi = new float[m.Policy.Pi.Layout.OutputSize];
                MlpInference.Forward(m.Policy.Pi.Layout, m.Policy.Pi.Parameters, x, pi);
                var v = new float[1];
                MlpInference.Forward(m.Policy.Vf.Layout, m.Policy.Vf.Parameters, x, v);
                return (pi, v[0]);
            case ActorAgent:
                return ([], float.NaN);   // its action is what the test compares
            default: throw new ArgumentException(agent.GetType().Name);
        }
    }

    // Worst differences, each relative to the computation's magnitude: ours vs ONNX Runtime, ours vs exact, ONNX Runtime vs exact.
    sealed class Worst
    {
        public double Between, Ours, Theirs;
        public void Add(double ours, double theirs, double exact, double magnitude)
        {
            double scale = Math.Max(magnitude, 1e-30);
            Between = Math.Max(Between, Math.Abs(ours - theirs) / scale);
            Ours = Math.Max(Ours, Math.Abs(ours - exact) / scale);
            Theirs = Math.Max(Theirs, Math.Abs(theirs - exact) / scale);
        }
        public override string ToString() => $"ours vs ONNX Runtime {Between:E2}, ours vs float64 {Ours:E2}, ONNX Runtime vs float64 {Theirs:E2}";
    }

    [Theory, MemberData(nameof(Cases))]
    public void OnnxRuntimeGivesTheAgentsOutputs(string name, int opset)
    {
        var agent = OnnxAgents.All().First(a => a.Name == name).Agent;
        bool actorCritic = agent is ActorCriticModel;
        string path = Path.Combine(Dir, $"{name}-{opset}.onnx");
        AgentFile.SaveOnnx(path, agent, new OnnxExportOptions { Opset = opset, IncludeValue = actorCritic });

        using var session = new InferenceSession(path);
        Assert.Equal(-1, session.InputMetadata["obs"].Dimensions[0]);
        Assert.Equal(agent.ObservationSize, session.InputMetadata["obs"].Dimensions[1]);
        Assert.Equal(agent.EnvId, session.ModelMetadata.CustomMetadataMap["rein2.env_id"]);

        int d = agent.ObservationSize;
        var obs = OnnxAgents.Observations(Rows, d, 99);
        using var input = OrtValue.CreateTensorValueFromMemory(obs, [Rows, d]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["obs"], [input], session.OutputNames);
        var outputs = session.OutputNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => results[p.i]);

        bool discrete = agent.ActionSpace is DiscreteSpace;
        string scoresName = agent is QAgent ? "q_values" : discrete ? "logits" : "action";
        var theirScores = outputs[scoresName].GetTensorDataAsSpan<float>().ToArray();
        long[] theirActions = discrete ? outputs["action"].GetTensorDataAsSpan<long>().ToArray() : [];
        float[] theirValues = actorCritic ? outputs["value"].GetTensorDataAsSpan<float>().ToArray() : [];
        int k = theirScores.Length / Rows;
        Assert.Equal(Rows * k, theirScores.Length);

        var worst = new Worst();
        var action = new float[agent.ActionSpace.FlatSize];
        for (int r = 0; r < Rows; r++)
        {
            var row = obs.AsSpan(r * d, d);
            var (scores, value) = Native(agent, row);
            var (exact, exactValue) = Reference(agent, row);
            agent.Act(row, action);
            if (discrete)
                Assert.True(theirActions[r] == (long)action[0], $"{name} row {r}: ONNX Runtime's action {theirActions[r]}, ours {action[0]}");
            var ours = discrete ? scores : action;   // Box: the clipped mean is the action
            for (int j = 0; j < k; j++)
            {
                double e = exact.Values[j];
                if (!discrete) e = Math.Clamp(e, ((BoxSpace)agent.ActionSpace).Low[j], ((BoxSpace)agent.ActionSpace).High[j]);
                worst.Add(ours[j], theirScores[r * k + j], e, exact.Magnitude[j]);
            }
            if (exactValue != null) worst.Add(value, theirValues[r], exactValue.Values[0], exactValue.Magnitude[0]);
        }
        Assert.True(worst.Between <= 1e-5, $"{name}: {worst}");
        // and ours is as close to the exact result as ONNX Runtime's own (float32, another summation order)
        Assert.True(worst.Ours <= 2 * worst.Theirs + 1e-7, $"{name}: {worst}");
        output.WriteLine($"{name}: {worst}");
    }
}
