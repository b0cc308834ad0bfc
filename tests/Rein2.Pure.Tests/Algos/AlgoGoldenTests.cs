// GAE, PPO/A2C and DQN maths against stable-baselines3 2.4.1 itself (Golden/nn): SB3's
// state_dicts are loaded into our flat buffers by name. Both sides compute in float32; sums are
// ordered differently, so we allow 2e-5 relative + 2e-6 absolute on losses (2e-4 relative + 1e-6
// absolute on parameter gradients, which are sums over the whole minibatch).
using System.Text.Json;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Algos;

public class AlgoGoldenTests
{
    [Fact]
    public void GaeMatchesSb3()
    {
        using var doc = Golden.Json("nn/gae.json");
        int n = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var rewards = c.GetProperty("rewards").FlatFloats();
            int nEnvs = c.GetProperty("last_values").GetArrayLength(), nSteps = rewards.Length / nEnvs;
            var adv = new float[rewards.Length]; var ret = new float[rewards.Length];
            Gae.Compute(adv, ret, rewards, c.GetProperty("values").FlatFloats(), c.GetProperty("episode_starts").FlatFloats(),
                        c.GetProperty("last_values").Floats(), c.GetProperty("dones").Floats(), nSteps, nEnvs,
                        c.GetProperty("gamma").GetDouble(), c.GetProperty("gae_lambda").GetDouble());
            Close.All(adv, c.GetProperty("advantages").FlatDoubles(), 1e-6, 1e-6, $"case {n} advantages");
            Close.All(ret, c.GetProperty("returns").FlatDoubles(), 1e-6, 1e-6, $"case {n} returns");
            n++;
        }
        Assert.True(n > 0);
    }

    public static IEnumerable<object[]> AcCases()
    {
        using var doc = Golden.Json("nn/actor_critic_losses.json");
        int i = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) yield return [i++, c.GetProperty("algo").GetString()!];
    }

    static Space ParseSpace(string s)
    {
        if (s.StartsWith("Discrete(")) return new DiscreteSpace(int.Parse(s[9..^1]));
        // "Box(-2,2,(1,))"
        var parts = s[4..^1].Split(',');
        float lo = float.Parse(parts[0]), hi = float.Parse(parts[1]);
        int dim = int.Parse(parts[2].Trim('('));
        return new BoxSpace(Enumerable.Repeat(lo, dim).ToArray(), Enumerable.Repeat(hi, dim).ToArray());
    }

    [Theory, MemberData(nameof(AcCases))]
    public void ActorCriticLossAndEveryGradientMatchSb3(int index, string algo)
    {
        using var doc = Golden.Json("nn/actor_critic_losses.json");
        var c = doc.RootElement.GetProperty("cases")[index];
        var policy = new ActorCriticPolicy(c.GetProperty("obs_dim").GetInt32(), ParseSpace(c.GetProperty("action_space").GetString()!));
        foreach (var p in c.GetProperty("params").EnumerateObject()) p.Value.FlatFloats().CopyTo(policy.Sb3Tensor(p.Name));
        var obs = c.GetProperty("obs").FlatFloats();
        var actions = c.GetProperty("actions").FlatFloats();
        int B = c.GetProperty("old_log_prob").GetArrayLength();
        double? Opt(string k) => c.GetProperty(k).ValueKind == JsonValueKind.Null ? null : c.GetProperty(k).GetDouble();
        var o = new LossOptions(algo == "ppo", Opt("clip_range") ?? 0, Opt("clip_range_vf"), c.GetProperty("ent_coef").GetDouble(),
                                c.GetProperty("vf_coef").GetDouble(), c.GetProperty("normalize_advantage").GetBoolean());
        policy.ZeroGrad();
        var stats = new ActorCriticLoss(policy).Run(obs, actions, c.GetProperty("old_log_prob").Floats(), c.GetProperty("old_values").Floats(),
                                                    c.GetProperty("advantages").Floats(), c.GetProperty("returns").Floats(), B, o);
        string what = $"{algo} case {index}";
        Close.Scalar(stats.PolicyLoss, c.GetProperty("policy_loss").GetDouble(), 2e-5, 2e-6, $"{what} policy_loss");
        Close.Scalar(stats.ValueLoss, c.GetProperty("value_loss").GetDouble(), 2e-5, 2e-6, $"{what} value_loss");
        Close.Scalar(stats.EntropyLoss, c.GetProperty("entropy_loss").GetDouble(), 2e-5, 2e-6, $"{what} entropy_loss");
        Close.Scalar(stats.Loss, c.GetProperty("loss").GetDouble(), 2e-5, 2e-6, $"{what} loss");
        foreach (var g in c.GetProperty("grads").EnumerateObject())
            Close.All(policy.Sb3Tensor(g.Name, gradient: true), g.Value.FlatDoubles(), 2e-4, 1e-6, $"{what} grad {g.Name}");
        Close.Scalar(Pure.Optim.GradClip.Norm(policy.Gradients), c.GetProperty("grad_norm_before_clip_0.5").GetDouble(), 1e-5, 1e-6, $"{what} grad norm");
    }

    [Fact]
    public void DqnTargetLossAndGradientsMatchSb3()
    {
        using var doc = Golden.Json("nn/dqn_loss.json");
        var c = doc.RootElement;
        var obs = c.GetProperty("obs").FlatFloats();
        int B = c.GetProperty("actions").GetArrayLength(), obsDim = obs.Length / B;
        Mlp Load(JsonElement p)
        {
            var w0 = p.GetProperty("q_net.0.weight"); var w4 = p.GetProperty("q_net.4.weight");
            var net = new Mlp(new MlpLayout([obsDim, w0.GetArrayLength(), p.GetProperty("q_net.2.weight").GetArrayLength(), w4.GetArrayLength()], Activation.Relu));
            for (int l = 0; l < 3; l++)
            {
                p.GetProperty($"q_net.{2 * l}.weight").FlatFloats().CopyTo(net.Weight(l));
                p.GetProperty($"q_net.{2 * l}.bias").FlatFloats().CopyTo(net.Bias(l));
            }
            return net;
        }
        var q = Load(c.GetProperty("q_params")); var target = Load(c.GetProperty("target_params"));
        var loss = new DqnLoss();
        q.ZeroGrad();
        float value = loss.Run(q, target, obs, c.GetProperty("next_obs").FlatFloats(), c.GetProperty("actions").EnumerateArray().Select(a => a.GetInt32()).ToArray(),
                               c.GetProperty("rewards").Floats(), c.GetProperty("dones").Floats(), c.GetProperty("gamma").GetDouble(), B);
        Close.All(loss.Targets, c.GetProperty("target_q").Doubles(), 1e-6, 1e-6, "target_q");
        Close.Scalar(value, c.GetProperty("loss").GetDouble(), 1e-5, 1e-7, "loss");
        var grads = c.GetProperty("grads");
        for (int l = 0; l < 3; l++)
        {
            Close.All(q.Gradients.Slice(q.Layout.WeightOffset(l), q.Layout.In(l) * q.Layout.Out(l)), grads.GetProperty($"q_net.{2 * l}.weight").FlatDoubles(), 1e-4, 1e-7, $"dW{l}");
            Close.All(q.Gradients.Slice(q.Layout.BiasOffset(l), q.Layout.Out(l)), grads.GetProperty($"q_net.{2 * l}.bias").FlatDoubles(), 1e-4, 1e-7, $"db{l}");
        }
    }
}
