// The outer MDP of REIN-2 (paper §3.1–3.3), the environment an RL meta-learner (PPO, A2C) acts in,
// in our batched API (one lane) so that any of our algorithms can drive it:
//   action  aₜ ∈ Box(d, ±bound): the meta-action, clipped to the box (the weight subset turns it into
//           the produced agent's weights)
//   reward  the produced agent's mean return over N episodes: the fitness of aₜ (Fitness.cs)
//   obs     sₜ = aₜ − aₜ₋₁ (clipped actions; a₀ = the subset's start), s₀ = 0 — or the values aₜ
//           themselves, with or without the last reward (outer_obs)
//   end     never (episode_length 0), or truncated after episode_length steps
// It holds no network and no threads: the reward comes from the function it is given, or — inside
// Rein2Trainer, which scores candidates itself (on several threads for the searches) — is told for
// the step about to be taken.
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>REIN-2's outer MDP: actions are meta-actions, rewards their fitness.</summary>
public sealed class OuterEnv : VecEnv
{
    readonly float[] _current, _previous;
    readonly OuterObservation _observation;
    readonly float _bound;
    readonly int _episodeLength;
    readonly Func<ReadOnlySpan<float>, double>? _reward;
    double? _told;

    /// <summary>
    /// The outer MDP over meta-actions of <paramref name="start"/>'s length, starting at
    /// <paramref name="start"/> (a₀); <paramref name="reward"/> scores a clipped action (e.g.
    /// <see cref="Fitness.Evaluate"/> at the step), or, when null, the reward of each step is told
    /// before it (<see cref="TellReward"/>).
    /// </summary>
    public OuterEnv(ReadOnlySpan<float> start, double bound, OuterObservation observation = OuterObservation.Difference, int episodeLength = 0,
                    Func<ReadOnlySpan<float>, double>? reward = null)
        : base(1, TrigMode.Exact, start.Length + (observation == OuterObservation.ValuesAndReturn ? 1 : 0))
    {
        if (start.Length < 1) throw new ArgumentException("the meta-action needs at least one dimension.", nameof(start));
        _current = start.ToArray();
        _previous = start.ToArray();
        _observation = observation;
        _bound = (float)bound;
        _episodeLength = episodeLength;
        _reward = reward;
        ActionSpace = new BoxSpace(Enumerable.Repeat(-(float)bound, start.Length).ToArray(), Enumerable.Repeat((float)bound, start.Length).ToArray());
    }

    /// <summary>The reward of the last step (NaN before the first).</summary>
    public double LastReturn { get; private set; } = double.NaN;

    /// <summary>The meta-action in force (clipped), a read-only view.</summary>
    public ReadOnlySpan<float> Current => _current;

    /// <summary>Gives the reward of the next step (its action's fitness, scored by the caller).</summary>
    public void TellReward(double fitness) => _told = fitness;

    /// <inheritdoc/>
    public override string Id => "REIN2-outer";
    /// <inheritdoc/>
    public override int ObservationSize => _current.Length + (_observation == OuterObservation.ValuesAndReturn ? 1 : 0);
    /// <inheritdoc/>
    public override Space ActionSpace { get; }
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => _episodeLength == 0 ? int.MaxValue : _episodeLength;

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        // s₀ = 0: the next difference is measured from the action in force now
        _current.CopyTo(_previous, 0);
    }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<float> actions)
    {
        _current.CopyTo(_previous, 0);
        for (int j = 0; j < _current.Length; j++) _current[j] = Math.Clamp(actions[j], -_bound, _bound);
        double reward = _told ?? _reward?.Invoke(_current)
            ?? throw new InvalidOperationException("OuterEnv was stepped with no reward told and no reward function.");
        _told = null;
        LastReturn = reward;
        LaneRewards[0] = reward;
        LaneTerminated[0] = false;
    }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs)
    {
        int k = _current.Length;
        switch (_observation)
        {
            case OuterObservation.Difference:
                for (int j = 0; j < k; j++) obs[j] = _current[j] - _previous[j];
                break;
            default:
                _current.CopyTo(obs);
                if (_observation == OuterObservation.ValuesAndReturn) obs[k] = double.IsFinite(LastReturn) ? (float)LastReturn : 0f;
                break;
        }
    }

    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a)
    {
        a.Section("outer-mdp");
        a.Sync(_current); a.Sync(_previous);
        double last = LastReturn;
        a.Sync(ref last);
        LastReturn = last;
    }
}
