// Agents of every kind the library exports, with seeded weights, for the ONNX tests and benchmarks:
// a DQN-shaped Q-network, a REIN-2 produced agent, PPO/A2C policies (Discrete with VecNormalize,
// Gaussian on a uniform and on a per-dimension box, ReLU), REIN-2's deterministic actor on scaled
// observations, and observations to feed them.
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Meta;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Io.Onnx;

public static class OnnxAgents
{
    /// <summary>A name and an agent; the box environment "Box2-v0" is not registered (export needs no registry).</summary>
    public static IEnumerable<(string Name, IAgent Agent)> All()
    {
        var rng = new Pcg64(2026);
        var q = new QNetwork(4, 2, [64, 64]);
        q.InitializeTorchDefault(ref rng);
        yield return ("dqn-cartpole", new QAgent("CartPole-v1", q));

        var rein2 = new Rein2Trainer(new Rein2Options { Env = "Acrobot-v1", MetaLearner = MetaLearner.Random, Episodes = 1, MetaSteps = 3, Threads = 1 }, 7);
        rein2.Learn();
        yield return ("rein2-acrobot", rein2.Agent);

        var ppo = new ActorCriticPolicy(6, new DiscreteSpace(3), [64, 64]);
        ppo.InitializeSb3(ref rng);
        Perturb(ppo.Parameters, ref rng);   // SB3's 0.01 action-net gain gives near-equal logits; trained nets differ more
        double[] mean = [0.1, -0.2, 0.3, 0.05, 1.5, -2.0], variance = [0.2, 0.3, 0.25, 0.4, 9.0, 30.0];
        yield return ("ppo-acrobot-vecnormalize", new ActorCriticModel("Acrobot-v1", new DiscreteSpace(3), "ppo", ppo, mean, variance));

        var a2c = new ActorCriticPolicy(3, new BoxSpace([-2f], [2f]), [64, 64]);
        a2c.InitializeSb3(ref rng);
        Perturb(a2c.Parameters, ref rng);
        yield return ("a2c-pendulum", new ActorCriticModel("Pendulum-v1", new BoxSpace([-2f], [2f]), "a2c", a2c));

        var box = new BoxSpace([-1f, -0.5f, 0f], [1f, 2f, 0.25f]);
        var relu = new ActorCriticPolicy(5, box, [32], Activation.Relu);
        relu.InitializeSb3(ref rng);
        Perturb(relu.Parameters, ref rng);
        yield return ("ppo-box-relu", new ActorCriticModel("Box2-v0", box, "ppo", relu, [0, 1, 2, 3, 4], [1, 2, 3, 4, 5]));

        // REIN-2's produced agent for Box actions: a deterministic actor on scaled observations (issue 32)
        var actorLayout = new MlpLayout([5, 32, 32, 3], Activation.Relu, Activation.Tanh);
        var actor = new Mlp(actorLayout);
        Init.TorchDefault(actor, ref rng);
        var actorParameters = actor.Parameters.ToArray();
        Perturb(actorParameters, ref rng);
        yield return ("rein2-actor-scaled", new ActorAgent("Box2-v0", actorLayout, actorParameters, box,
            new ObservationScaling([0.5f, -1f, 0f, 2f, 0f], [0.5f, 2f, 1f, 0.25f, 1f])));
    }

    static void Perturb(float[] p, ref Pcg64 rng)
    {
        for (int i = 0; i < p.Length; i++) p[i] += (float)(0.3 * (rng.NextDouble() - 0.5));
    }

    /// <summary><paramref name="rows"/> observations uniform in [−5, 5] (wider than most environments' ranges, to reach the clips).</summary>
    public static float[] Observations(int rows, int dim, ulong seed)
    {
        var rng = new Pcg64(seed);
        var obs = new float[rows * dim];
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)(10 * rng.NextDouble() - 5);
        return obs;
    }
}
