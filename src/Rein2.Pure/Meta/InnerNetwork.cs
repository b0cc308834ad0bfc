// REIN-2's inner Q-network together with the fast evaluator it acts through during the lockstep
// inner episodes (Algorithm 1, lines 4–7): the incremental, certified greedy evaluator when the
// layout is obs → ReLU → ReLU → Q (Greedy/IncrementalGreedy.cs), else a transposed-weight copy that
// is fast at every batch size (Nn/PackedMlp.cs). Both are copies of the parameters, so every write
// goes through SetParameters, which updates the network and its evaluator together — no caller ever
// has to remember to refresh a mirror.
using Rein2.Pure.Algos;
using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>A Q-network acting greedily along lanes of trajectories, its fast evaluator kept in sync.</summary>
internal sealed class InnerNetwork : ILockstepPolicy
{
    readonly IncrementalGreedy? _incremental;
    readonly PackedMlp? _packed;
    readonly int[] _batchActions, _actions;

    /// <summary>The network (read its parameters; write them only through <see cref="SetParameters"/>).</summary>
    public QNetwork Q { get; }

    /// <summary>The lanes (trajectories) it can act for at once.</summary>
    public int Lanes { get; }

    /// <summary>
    /// Wraps <paramref name="q"/> (its current parameters are read) for up to <paramref name="lanes"/>
    /// trajectories at once; <paramref name="dense"/>: every write changes (nearly) every weight, so
    /// the incremental evaluator would only add work.
    /// </summary>
    public InnerNetwork(QNetwork q, int lanes, bool dense = false)
    {
        Q = q;
        Lanes = lanes;
        _batchActions = new int[lanes]; _actions = new int[lanes];
        if (!dense && IncrementalGreedy.Supports(q.Net.Layout)) _incremental = new IncrementalGreedy(q.Net, lanes);
        else { _packed = new PackedMlp(q.Net); _packed.Refresh(q.Net.Parameters); }
    }

    /// <summary>Writes values at flat indices, in the network and in its evaluator.</summary>
    public void SetParameters(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        if (indices.Length != values.Length) throw new ArgumentException($"{indices.Length} indices but {values.Length} values.", nameof(values));
        var p = Q.Net.Parameters;
        if (_packed != null && indices.Length == p.Length)   // every weight: one refresh of the packed copy
        {
            for (int i = 0; i < indices.Length; i++) p[indices[i]] = values[i];
            _packed.Refresh(p);
            return;
        }
        for (int i = 0; i < indices.Length; i++)
        {
            p[indices[i]] = values[i];
            _packed?.SetParameter(indices[i], values[i]);
        }
        _incremental?.SetParameters(indices, values);
    }

    /// <summary>Starts new trajectories on every lane (after a reset of the episodes).</summary>
    public void BeginTrajectories() => _incremental?.BeginTrajectories();

    /// <inheritdoc/>
    public void Step(Envs.VecEnv env, ReadOnlySpan<float> observations, int rows, ReadOnlySpan<int> running)
    {
        Act(observations, rows, running, _batchActions);
        Array.Clear(_actions);   // a finished lane takes action 0 (its next episode is never played)
        for (int j = 0; j < rows; j++) _actions[running[j]] = _batchActions[j];
        env.Step(_actions);
    }

    /// <summary>
    /// Greedy actions for <paramref name="rows"/> observations, row r continuing the trajectory of lane
    /// <paramref name="laneOf"/>[r] (first maximum on ties, as torch.argmax; the dense network's actions).
    /// </summary>
    public void Act(ReadOnlySpan<float> observations, int rows, ReadOnlySpan<int> laneOf, Span<int> actions)
    {
        if (_incremental != null) _incremental.Act(observations, rows, laneOf, actions);
        else Categorical.ArgMaxRows(_packed!.Forward(observations, rows), rows, Q.ActionCount, actions);
    }
}
