// SB3's DQN QNetwork (dqn/policies.py): obs → Linear/ReLU per net_arch → Linear(n_actions), PyTorch's
// default Linear init, greedy action = argmax Q. Usable on its own for inference (REIN-2 produces
// these without training them): Act allocates nothing.
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

    PackedMlp? _packed;

    /// <summary>
    /// The incremental, certified greedy evaluator of <see cref="EnableTrajectoryInference"/> (null
    /// when not enabled or the layout is not obs → ReLU → ReLU → Q).
    /// </summary>
    internal IncrementalGreedy? Trajectories { get; private set; }

    /// <summary>PyTorch's default nn.Linear init (what SB3's DQN keeps).</summary>
    public void InitializeTorchDefault(ref Pcg64 rng) { Init.TorchDefault(Net, ref rng); RefreshMirrors(); }

    /// <summary>
    /// Keeps a transposed-weight mirror for acting (fast at every batch size). The mirror is only
    /// updated through <see cref="SetParameters"/> or <see cref="RefreshMirrors"/>: after writing
    /// <see cref="Mlp.Parameters"/> directly, call RefreshMirrors.
    /// </summary>
    internal void EnablePackedInference() { _packed ??= new PackedMlp(Net); _packed.Refresh(Net.Parameters); }

    /// <summary>
    /// Prepares acting along <paramref name="lanes"/> trajectories at once (REIN-2's lockstep
    /// evaluation): the incremental evaluator where the layout allows it (two ReLU hidden layers),
    /// else the transposed-weight mirror. Both are kept in sync by <see cref="SetParameters"/>.
    /// </summary>
    internal void EnableTrajectoryInference(int lanes)
    {
        if (IncrementalGreedy.Supports(Net.Layout))
        {
            if (Trajectories == null || Trajectories.Lanes < lanes) Trajectories = new IncrementalGreedy(Net, lanes);
            else Trajectories.Refresh(Net.Parameters);
        }
        else EnablePackedInference();
    }

    /// <summary>Re-reads the mirrors from the parameters (after writing <see cref="Mlp.Parameters"/> directly).</summary>
    public void RefreshMirrors() { _packed?.Refresh(Net.Parameters); Trajectories?.Refresh(Net.Parameters); }

    /// <summary>Writes values at flat indices, in the parameters and in the packed mirror.</summary>
    public void SetParameters(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        var p = Net.Parameters;
        for (int i = 0; i < indices.Length; i++)
        {
            p[indices[i]] = values[i];
            _packed?.SetParameter(indices[i], values[i]);
        }
        Trajectories?.SetParameters(indices, values);
    }

    ReadOnlySpan<float> Forward(ReadOnlySpan<float> obs, int rows) => _packed != null ? _packed.Forward(obs, rows) : Net.Forward(obs, rows);

    /// <summary>The greedy action for one observation (first maximum on ties, as torch.argmax).</summary>
    public int Act(ReadOnlySpan<float> observation) => Categorical.ArgMax(Forward(observation, 1));

    /// <summary>Greedy actions for <paramref name="rows"/> observations in one batched forward pass.</summary>
    public void Act(ReadOnlySpan<float> observations, int rows, Span<int> actions)
    {
        var q = Forward(observations, rows);
        int k = ActionCount;
        for (int r = 0; r < rows; r++) actions[r] = Categorical.ArgMax(q.Slice(r * k, k));
    }
}
