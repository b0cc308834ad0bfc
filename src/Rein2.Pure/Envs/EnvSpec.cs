// How to make an environment: the one value every trainer and evaluator takes, as gym.make's
// EnvSpec is in Gymnasium. A user's environment is a factory of fresh instances of their Env
// subclass; it runs batched through EnvBatch (SB3 VecEnv semantics). The built-in ids also carry
// their hand-written SIMD batched forms, which replay the scalar environments bit for bit.
namespace Rein2.Pure.Envs;

/// <summary>A recipe for an environment: its id, a factory of scalar instances and (built-ins) a batched form.</summary>
public sealed class EnvSpec
{
    readonly Func<Env> _make;
    readonly Func<int, TrigMode, VecEnv>? _makeBatched;
    readonly Env _probe; // one instance, made once, to read the spaces from

    /// <summary>
    /// A spec for the user's own environment: <paramref name="make"/> returns a fresh instance each
    /// call (trainers make one per lane). The id, spaces and time limit are read from one instance.
    /// </summary>
    public EnvSpec(Func<Env> make) : this(make, null) { }

    internal EnvSpec(Func<Env> make, Func<int, TrigMode, VecEnv>? makeBatched)
    {
        ArgumentNullException.ThrowIfNull(make);
        _make = make; _makeBatched = makeBatched;
        _probe = Create();
        if (string.IsNullOrWhiteSpace(_probe.Id)) throw new InvalidSettingException($"{_probe.GetType().Name}.Id is empty; give the environment an id such as \"Thermostat-v0\".");
    }

    /// <summary>The environment's id.</summary>
    public string Id => _probe.Id;
    /// <summary>The observation space.</summary>
    public BoxSpace ObservationSpace => _probe.ObservationSpace;
    /// <summary>The action space.</summary>
    public Space ActionSpace => _probe.ActionSpace;
    /// <summary>Observation length.</summary>
    public int ObservationSize => _probe.ObservationSize;
    /// <summary>The time limit of one episode.</summary>
    public int MaxEpisodeSteps => _probe.MaxEpisodeSteps;
    /// <summary>Gymnasium's reward_threshold for "solved", if any.</summary>
    public double? RewardThreshold => _probe.RewardThreshold;
    /// <summary>The environment's own behaviour characterisation for novelty search, if it declares one (<see cref="Env.Behavior"/>).</summary>
    public BehaviorCharacterization? Behavior => _probe.Behavior;
    /// <summary>True for the built-in environments, which have hand-written batched forms.</summary>
    public bool IsBuiltIn => _makeBatched != null;

    /// <summary>A fresh scalar instance.</summary>
    public Env Create() => _make() ?? throw new InvalidSettingException("The environment factory returned null; it must return a new Env each call.");

    /// <summary>
    /// <paramref name="numEnvs"/> lanes stepped together with same-step auto-reset: the built-in
    /// SIMD form for a built-in id, else <see cref="EnvBatch"/> over fresh instances.
    /// <paramref name="mode"/> only matters to the built-in classic-control forms.
    /// </summary>
    public VecEnv CreateBatched(int numEnvs, TrigMode mode = TrigMode.Exact) =>
        _makeBatched?.Invoke(numEnvs, mode) ?? new EnvBatch(this, numEnvs);

    /// <inheritdoc/>
    public override string ToString() => Id;
}
