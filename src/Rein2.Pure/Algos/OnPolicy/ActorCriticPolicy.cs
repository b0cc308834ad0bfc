// SB3's ActorCriticPolicy with MlpPolicy defaults (stable_baselines3/common/policies.py, v2.4.1):
// separate policy and value MLPs (default [64, 64] tanh) on the flattened observation, an action head
// (categorical logits for Discrete, Gaussian mean for Box) and a value head, plus a state-independent
// log-std for Box actions. Everything lives in ONE flat parameter buffer (llm.c style):
//   [ policy MLP obs→h…→n_actions | value MLP obs→h…→1 | log_std (d) ]
// so Adam, gradient clipping and checkpoints are single span loops. The policy MLP's last layer is
// SB3's action_net and the value MLP's last layer is its value_net.
// ortho_init: orthogonal weights with gain √2 on hidden layers, 0.01 on action_net, 1 on value_net,
// biases 0 (SB3's gains); log_std starts at log_std_init (0).
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>An actor-critic MLP policy over one flat buffer.</summary>
public sealed class ActorCriticPolicy
{
    /// <summary>All parameters.</summary>
    public float[] Parameters { get; }
    /// <summary>All gradients (same layout).</summary>
    public float[] Gradients { get; }
    /// <summary>The policy network (SB3's mlp_extractor.policy_net + action_net).</summary>
    public Mlp Pi { get; }
    /// <summary>The value network (SB3's mlp_extractor.value_net + value_net).</summary>
    public Mlp Vf { get; }
    /// <summary>Observation length.</summary>
    public int ObsDim { get; }
    /// <summary>Discrete: number of actions; Box: action dimension.</summary>
    public int ActionDim { get; }
    /// <summary>True for Discrete action spaces.</summary>
    public bool IsDiscrete { get; }
    /// <summary>Offset of log_std (Box only).</summary>
    public int LogStdOffset { get; }
    /// <summary>Hidden layer sizes of both networks.</summary>
    public IReadOnlyList<int> NetArch { get; }
    /// <summary>Hidden activation.</summary>
    public Activation ActivationFn { get; }

    /// <summary>Creates the policy for an observation size and action space; <paramref name="netArch"/> defaults to [64, 64].</summary>
    public ActorCriticPolicy(int obsDim, Space actionSpace, IReadOnlyList<int>? netArch = null, Activation activation = Activation.Tanh)
    {
        ThrowHelper.RequirePositive(obsDim, nameof(obsDim));
        NetArch = (netArch ?? [64, 64]).ToArray();
        ActivationFn = activation;
        ObsDim = obsDim;
        (IsDiscrete, ActionDim) = actionSpace switch
        {
            DiscreteSpace d => (true, d.N),
            BoxSpace b => (false, b.Dim),
            _ => throw new InvalidSettingException($"Unsupported action space {actionSpace}."),
        };
        var piLayout = new MlpLayout([obsDim, .. NetArch, ActionDim], activation);
        var vfLayout = new MlpLayout([obsDim, .. NetArch, 1], activation);
        int total = piLayout.ParameterCount + vfLayout.ParameterCount + (IsDiscrete ? 0 : ActionDim);
        Parameters = new float[total];
        Gradients = new float[total];
        Pi = new Mlp(piLayout, Parameters, Gradients, 0);
        Vf = new Mlp(vfLayout, Parameters, Gradients, piLayout.ParameterCount);
        LogStdOffset = piLayout.ParameterCount + vfLayout.ParameterCount;
    }

    /// <summary>log σ (Box only).</summary>
    public Span<float> LogStd => Parameters.AsSpan(LogStdOffset, IsDiscrete ? 0 : ActionDim);
    /// <summary>∂L/∂log σ (Box only).</summary>
    public Span<float> LogStdGrad => Gradients.AsSpan(LogStdOffset, IsDiscrete ? 0 : ActionDim);

    /// <summary>SB3's default initialisation (ortho_init=True, log_std_init).</summary>
    public void InitializeSb3(ref Pcg64 rng, float logStdInit = 0f)
    {
        double[] piGains = [.. NetArch.Select(_ => Math.Sqrt(2)), 0.01];
        double[] vfGains = [.. NetArch.Select(_ => Math.Sqrt(2)), 1.0];
        Init.Orthogonal(Pi, piGains, ref rng);
        Init.Orthogonal(Vf, vfGains, ref rng);
        LogStd.Fill(logStdInit);
    }

    /// <summary>
    /// The tensor SB3's state_dict calls <paramref name="name"/> (e.g. "mlp_extractor.policy_net.2.weight",
    /// "action_net.bias", "value_net.weight", "log_std"), as a view into the flat buffer (or the gradient buffer).
    /// </summary>
    public Span<float> Sb3Tensor(string name, bool gradient = false)
    {
        float[] buf = gradient ? Gradients : Parameters;
        if (name == "log_std") return buf.AsSpan(LogStdOffset, IsDiscrete ? 0 : ActionDim);
        (Mlp net, int layer, string kind) = ParseName(name);
        var L = net.Layout;
        int start = net.Offset + (kind == "weight" ? L.WeightOffset(layer) : L.BiasOffset(layer));
        int len = kind == "weight" ? L.In(layer) * L.Out(layer) : L.Out(layer);
        return buf.AsSpan(start, len);
    }

    (Mlp, int, string) ParseName(string name)
    {
        string kind = name.EndsWith(".weight") ? "weight" : name.EndsWith(".bias") ? "bias"
            : throw new ArgumentException($"Unknown SB3 parameter '{name}'.");
        string stem = name[..name.LastIndexOf('.')];
        int hidden = NetArch.Count;
        if (stem == "action_net") return (Pi, hidden, kind);
        if (stem == "value_net") return (Vf, hidden, kind);
        foreach (var (prefix, net) in new[] { ("mlp_extractor.policy_net.", Pi), ("mlp_extractor.value_net.", Vf) })
            if (stem.StartsWith(prefix) && int.TryParse(stem[prefix.Length..], out int seqIndex) && seqIndex % 2 == 0 && seqIndex / 2 < hidden)
                return (net, seqIndex / 2, kind); // nn.Sequential(Linear, act, Linear, act): Linear k at index 2k
        throw new ArgumentException($"Unknown SB3 parameter '{name}'.");
    }

    /// <summary>Sets all gradients to zero.</summary>
    public void ZeroGrad() => Gradients.AsSpan().Clear();
}
