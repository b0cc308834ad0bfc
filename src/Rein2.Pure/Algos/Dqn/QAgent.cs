// The greedy agent of a Q-network (DQN's agent and REIN-2's produced agents): a frozen copy of the
// network's parameters, so it never changes under the caller while the trainer goes on, and an Act
// that keeps no state between calls, so one agent serves any number of threads at once.
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Algos;

/// <summary>A Q-network acting greedily in one environment; immutable and safe to share between threads.</summary>
public sealed class QAgent : IAgent
{
    readonly MlpLayout _layout;
    readonly float[] _parameters;

    /// <summary>
    /// A snapshot of <paramref name="q"/> (its parameters are copied) acting in <paramref name="envId"/>;
    /// with <paramref name="scaling"/>, the network reads each observation scaled by it (REIN-2's inner_obs=scaled).
    /// </summary>
    public QAgent(string envId, QNetwork q, ObservationScaling? scaling = null)
    {
        if (scaling != null && scaling.Size != q.ObsDim) throw new ArgumentException($"the scaling has {scaling.Size} components; the network reads {q.ObsDim}.", nameof(scaling));
        Scaling = scaling;
        EnvId = envId;
        _layout = q.Net.Layout;
        _parameters = q.Net.Parameters.ToArray();
        ActionSpace = new DiscreteSpace(q.ActionCount);
        NetArch = _layout.Sizes.Skip(1).SkipLast(1).ToArray();
    }

    /// <inheritdoc/>
    public string EnvId { get; }
    /// <inheritdoc/>
    public int ObservationSize => _layout.InputSize;
    /// <inheritdoc/>
    public Space ActionSpace { get; }
    /// <summary>The hidden layer sizes (SB3's net_arch).</summary>
    public IReadOnlyList<int> NetArch { get; }
    /// <summary>The network's parameters in PyTorch's nn.Linear order (a read-only view of the snapshot).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>The fixed factors the observation is scaled by before the network reads it (null: raw observations).</summary>
    public ObservationScaling? Scaling { get; }

    /// <summary>The greedy action (first maximum on ties, as torch.argmax) in action[0]; allocation-free and thread-safe.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (Scaling is not { } s) { action[0] = MlpInference.ForwardArgMax(_layout, _parameters, observation); return; }
        int d = _layout.InputSize;
        Span<float> x = d <= MlpInference.StackWidth ? stackalloc float[d] : MlpInference.ThreadScratch(ref t_wide, d);
        s.Apply(observation, x);
        action[0] = MlpInference.ForwardArgMax(_layout, _parameters, x);
    }

    /// <summary>A new Q-network holding a copy of this agent's parameters (for files and for further training).</summary>
    public QNetwork ToNetwork()
    {
        var q = new QNetwork(_layout.InputSize, _layout.OutputSize, NetArch);
        _parameters.CopyTo(q.Net.Parameters);
        return q;
    }

    [ThreadStatic] static float[]? t_wide;   // scaled observations too wide for the stack
}
