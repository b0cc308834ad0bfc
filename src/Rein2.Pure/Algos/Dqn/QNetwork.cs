// SB3's DQN QNetwork (dqn/policies.py): obs → Linear/ReLU per net_arch → Linear(n_actions), PyTorch's
// default Linear init, greedy action = argmax Q. Usable on its own for inference (REIN-2 produces
// these without training them): Act allocates nothing. It computes in the network's own buffers, so
// one QNetwork serves one thread at a time; QAgent is the immutable snapshot to share.
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>A Q-network over one flat buffer, with greedy acting.</summary>
public sealed class QNetwork
{
    /// <summary>The MLP obs → … → Q(s, ·).</summary>
    public Mlp Net { get; }
    /// <summary>Number of actions.</summary>
    public int ActionCount => Net.Layout.OutputSize;
    /// <summary>Observation length.</summary>
    public int ObsDim => Net.Layout.InputSize;

    /// <summary>Creates the network with zeroed parameters.</summary>
    public QNetwork(int obsDim, int actionCount, IReadOnlyList<int> netArch)
    {
        Net = new Mlp(new MlpLayout([obsDim, .. netArch, actionCount], Activation.Relu));
        Net.EnsureCapacity(1);
    }

    /// <summary>PyTorch's default nn.Linear init (what SB3's DQN keeps).</summary>
    public void InitializeTorchDefault(ref Pcg64 rng) => Init.TorchDefault(Net, ref rng);

    /// <summary>The greedy action for one observation (first maximum on ties, as torch.argmax).</summary>
    public int Act(ReadOnlySpan<float> observation) => Categorical.ArgMax(Net.Forward(observation, 1));

    /// <summary>Greedy actions for <paramref name="rows"/> observations in one batched forward pass.</summary>
    public void Act(ReadOnlySpan<float> observations, int rows, Span<int> actions) =>
        Categorical.ArgMaxRows(Net.Forward(observations, rows), rows, ActionCount, actions);
}
