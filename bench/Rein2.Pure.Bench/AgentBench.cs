// Batch-1 acting, the call an app makes once per decision: a DQN/REIN-2 Q-network agent
// [4→256→256→2] ReLU and PPO actor-critic agents [64, 64] tanh (Discrete CartPole, Box Pendulum with
// VecNormalize). Measures what sharing an agent between threads costs (issue: agents safe to share),
// and, with Source = onnx, the same agent exported to ONNX and imported again (issue 22: an imported
// agent acts within 10 % of the native one of the same shape).
using BenchmarkDotNet.Attributes;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Io;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Bench;

public class AgentBench
{
    [Params("dqn-256", "ppo-discrete", "ppo-box")] public string Agent = "";
    [Params("native", "onnx")] public string Source = "";

    IAgent _agent = null!;
    float[] _obs = [], _action = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Pcg64(0);
        switch (Agent)
        {
            case "dqn-256":
                var q = new QNetwork(4, 2, [256, 256]);
                q.InitializeTorchDefault(ref rng);
                _agent = new QAgent("CartPole-v1", q);
                break;
            default:
                bool box = Agent == "ppo-box";
                var env = EnvRegistry.Spec(box ? "Pendulum-v1" : "CartPole-v1");
                var policy = new ActorCriticPolicy(env.ObservationSize, env.ActionSpace);
                policy.InitializeSb3(ref rng);
                int d = env.ObservationSize;
                _agent = new ActorCriticModel(env.Id, env.ActionSpace, "ppo", policy,
                    box ? Enumerable.Repeat(0.1, d).ToArray() : null, box ? Enumerable.Repeat(2.0, d).ToArray() : null);
                break;
        }
        if (Source == "onnx")
        {
            string path = Path.Combine(Path.GetTempPath(), $"rein2-bench-{Agent}-{Environment.ProcessId}.onnx");
            AgentFile.SaveOnnx(path, _agent);
            _agent = AgentFile.Load(path);
            File.Delete(path);
        }
        _obs = new float[_agent.ObservationSize];
        for (int i = 0; i < _obs.Length; i++) _obs[i] = (float)rng.Uniform(-1, 1);
        _action = new float[_agent.ActionSpace.FlatSize];
    }

    [Benchmark]
    public float Act()
    {
        _agent.Act(_obs, _action);
        return _action[0];
    }
}
