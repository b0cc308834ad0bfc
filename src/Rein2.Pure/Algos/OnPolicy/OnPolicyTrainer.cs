// PPO and A2C as stable-baselines3 v2.4.1 runs them (common/on_policy_algorithm.py, ppo/ppo.py,
// a2c/a2c.py), readable top to bottom in CleanRL style. One Iterate() is one SB3 learn-loop turn:
//   ROLLOUT   n_steps batched env steps: sample from the policy, step, bootstrap time-limit ends
//   GAE       advantages and TD(λ) returns
//   UPDATE    progress-dependent lr and clip range; PPO: n_epochs × shuffled minibatches,
//             A2C: one full-batch step; global-norm clipping; Adam (ε 1e-5) or RMSprop (α .99, ε 1e-5)
//   LOGGING   losses, approx-KL, clip fraction, explained variance
// Randomness: policy sampling and minibatch order come from streams spawned from the run seed;
// lane i of the environment is seeded seed + i (as SB3's VecEnv.seed).
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>What one iteration (rollout + update) measured; <see cref="Completed"/> is false when it stopped or paused mid-rollout.</summary>
public readonly record struct IterationStats(long EnvSteps, double LearningRate, double ClipRange, LossStats Last, double ExplainedVariance, int Updates, bool Completed = true);

/// <summary>Trains an <see cref="ActorCriticPolicy"/> with PPO or A2C on a batched environment.</summary>
public sealed class OnPolicyTrainer : ITrainer, IHostedTrainer
{
    readonly OnPolicyOptions _o;
    readonly VecEnv _env;
    readonly ActorCriticLoss _loss;
    readonly Adam? _adam;
    readonly RmsProp? _rms;
    Pcg64 _policyRng, _samplingRng;
    // rollout buffer, rows (t, e) → t·nEnvs + e
    readonly float[] _obs, _actions, _rewards, _episodeStarts, _values, _logProbs, _advantages, _returns;
    readonly float[] _lastObs, _lastEpisodeStarts, _lastValues, _stepActions, _clipped, _stepRewards, _finalObs, _logpRow;
    readonly int[] _intActions, _perm;
    readonly bool[] _done;
    float[] _mbObs = [], _mbActions = [], _mbOldLogp = [], _mbOldValues = [], _mbAdv = [], _mbReturns = [];

    /// <summary>The policy being trained.</summary>
    public ActorCriticPolicy Policy { get; }
    /// <summary>Observation/reward normalisation, when the options ask for it.</summary>
    public VecNormalize? Normalizer { get; }
    /// <summary>Episode statistics (raw rewards).</summary>
    public EpisodeMonitor Monitor { get; }
    /// <summary>Environment steps so far (summed over lanes).</summary>
    public long NumTimesteps { get; private set; }
    /// <summary>The options.</summary>
    public OnPolicyOptions Options => _o;
    /// <summary>Environment id.</summary>
    public string EnvId { get; }
    // as SB3's learn(): a rollout starts while the budget is not spent and is always completed and
    // learned from, so a run paused inside its last rollout is not done yet
    /// <summary>True once the step budget is spent and the last rollout learned from.</summary>
    public bool Done => NumTimesteps >= _o.TotalTimesteps && _t == 0;
    readonly TrainerLifecycle _life = new();
    /// <inheritdoc/>
    public TrainerStatus Status => _life.Status;
    /// <inheritdoc/>
    public Exception? Fault => _life.Fault;
    /// <inheritdoc/>
    public long EnvSteps => NumTimesteps;
    /// <inheritdoc/>
    public TrainingProgress Progress => TrainingProgress.OfEnvSteps(NumTimesteps, _o.TotalTimesteps, Monitor);
    // steps of the current rollout already collected: a paused (or stopped) rollout resumes here
    int _t;

    /// <summary>
    /// Checked after every environment step: when it returns true, <see cref="Iterate"/> returns at
    /// once with the partial rollout kept, and the next call continues it — nothing else changes, so
    /// a run paused (and checkpointed) anywhere continues bit-identically.
    /// </summary>
    internal Func<bool>? PauseWhen { get; set; }

    /// <summary>Builds the policy, environments and optimizer for the registered environment <paramref name="envId"/>.</summary>
    public OnPolicyTrainer(string envId, OnPolicyOptions options, ulong seed) : this(EnvRegistry.Spec(envId), options, seed) { }

    /// <summary>Builds the policy, n_envs lanes of <paramref name="env"/> (a built-in or the user's own environment) and the optimizer.</summary>
    public OnPolicyTrainer(EnvSpec env, OnPolicyOptions options, ulong seed)
        : this(CheckedBatch(env, options, seed), options, seed) => _spec = env;

    readonly EnvSpec? _spec; // null when built on a bare VecEnv (REIN-2's meta-learner)
    EnvSpec? IHostedTrainer.Env => _spec;
    ulong IHostedTrainer.Seed => _seed;
    EpisodeMonitor? IHostedTrainer.Monitor => Monitor;
    IEnumerable<KeyValuePair<string, string>> IHostedTrainer.Settings => TrainerSettings.With(_seed, OptionKeys.Describe(_o));
    readonly ulong _seed;

    static VecEnv CheckedBatch(EnvSpec env, OnPolicyOptions options, ulong seed)
    {
        options.ValidateTogether();
        EnvChecker.CheckQuick(env, seed).ThrowIfFailed();
        return env.CreateBatched(options.NEnvs);
    }

    /// <summary>Trains on a given batched environment (its lane count must equal n_envs).</summary>
    public OnPolicyTrainer(VecEnv env, OnPolicyOptions options, ulong seed)
    {
        options.ValidateTogether();
        if (env.NumEnvs != options.NEnvs) throw new ArgumentException($"n_envs={options.NEnvs} but the environment has {env.NumEnvs} lanes.");
        _o = options;
        EnvId = env.Id;
        _env = env;
        _seed = seed;
        int n = options.NEnvs, d = _env.ObservationSize, rows = options.NSteps * n;
        Policy = new ActorCriticPolicy(d, _env.ActionSpace, options.NetArch, options.ActivationFn);
        var initRng = SeedStreams.For(seed, StreamId.Init);
        Policy.InitializeSb3(ref initRng, options.LogStdInit);
        _policyRng = SeedStreams.For(seed, StreamId.Policy);
        _samplingRng = SeedStreams.For(seed, StreamId.Sampling);
        _loss = new ActorCriticLoss(Policy);
        double lr0 = options.LearningRate.Value(1.0);
        if (options.Algo == OnPolicyAlgo.A2c && options.UseRmsProp) _rms = new RmsProp(Policy.Parameters.Length, lr0, 0.99, options.RmsPropEps);
        else _adam = new Adam(Policy.Parameters.Length, lr0, eps: options.AdamEps);
        int actDim = Policy.IsDiscrete ? 1 : Policy.ActionDim;
        _obs = new float[rows * d]; _actions = new float[rows * actDim]; _rewards = new float[rows]; _episodeStarts = new float[rows];
        _values = new float[rows]; _logProbs = new float[rows]; _advantages = new float[rows]; _returns = new float[rows];
        _lastObs = new float[n * d]; _lastEpisodeStarts = new float[n]; _lastValues = new float[n];
        _stepActions = new float[n * actDim]; _clipped = new float[n * actDim]; _stepRewards = new float[n]; _finalObs = new float[n * d];
        _logpRow = new float[Math.Max(Policy.ActionDim, 1)];
        _intActions = new int[n]; _perm = new int[rows]; _done = new bool[n];
        Monitor = new EpisodeMonitor(n);
        if (options.Normalize) Normalizer = new VecNormalize(n, d, options.Gamma);

        _env.Reset(seed);
        _env.Observations.CopyTo(_lastObs);
        Normalizer?.OnReset(_lastObs, n);
        Array.Fill(_lastEpisodeStarts, 1f); // SB3: _last_episode_starts = ones at learn() start
    }

    /// <inheritdoc/>
    public string StepUnit => "env steps";
    /// <inheritdoc/>
    public long Steps => NumTimesteps;
    /// <inheritdoc/>
    public long TotalSteps => _o.TotalTimesteps;
    /// <summary>What the last completed iteration measured (losses, learning rate, explained variance).</summary>
    public IterationStats LastIteration { get; private set; }

    /// <summary>The deterministic agent as trained so far: a snapshot of the policy and of the normalisation statistics.</summary>
    public IAgent Agent => new ActorCriticModel(EnvId, _env.ActionSpace, _o.Algo == OnPolicyAlgo.Ppo ? "ppo" : "a2c", Policy,
        Normalizer?.ObsRms.Mean, Normalizer?.ObsRms.Var);

    /// <inheritdoc/>
    public bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue) =>
        _life.Learn(this, () => LearnUnguarded(progress, cancellationToken, pauseAtStep));

    bool LearnUnguarded(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, long pauseAtStep)
    {
        var pause = PauseWhen;
        PauseWhen = () => cancellationToken.IsCancellationRequested || NumTimesteps >= pauseAtStep || pause?.Invoke() == true;
        try
        {
            while (!Done)
            {
                if (cancellationToken.IsCancellationRequested || NumTimesteps >= pauseAtStep) return false;
                var s = Iterate();
                if (!s.Completed) return false;
                LastIteration = s;
                progress?.Report(Progress);
            }
            return true;
        }
        finally { PauseWhen = pause; }
    }

    /// <summary>One rollout of n_steps per lane (or what is left of a paused one) followed by one update.</summary>
    internal IterationStats Iterate()
    {
        // ===================== ROLLOUT =====================
        while (_t < _o.NSteps)
        {
            BeginStep();
            if (Policy.IsDiscrete) _env.Step(_intActions);
            else _env.Step(_clipped);
            EndStep();
            // a pause lands inside the rollout only: once it is full the update runs first, so a run never
            // reaches its budget (Done) holding a rollout it has not learned from
            if (_t < _o.NSteps && PauseWhen?.Invoke() == true)
                return new IterationStats(NumTimesteps, double.NaN, double.NaN, default, double.NaN, 0, Completed: false);
        }
        return Update();
    }

    /// <summary>True when the rollout holds n_steps and waits for <see cref="Update"/>.</summary>
    internal bool RolloutFull => _t == _o.NSteps;

    /// <summary>The actions <see cref="BeginStep"/> chose, as the environment takes them (Box: clipped to the box; Discrete: the indices as floats).</summary>
    internal ReadOnlySpan<float> StepActions => Policy.IsDiscrete ? _stepActions : _clipped;

    /// <summary>
    /// The first half of a rollout step: the policy's values and sampled actions for the current
    /// observations, stored with them (<see cref="StepActions"/>); the environment is stepped next,
    /// then <see cref="EndStep"/>. REIN-2's meta-learner takes the two halves apart (ask, then tell).
    /// </summary>
    internal void BeginStep()
    {
        int n = _o.NEnvs, d = _env.ObservationSize, t = _t;
        int actDim = Policy.IsDiscrete ? 1 : Policy.ActionDim;
        var head = Policy.Pi.Forward(_lastObs, n);
        var v = Policy.Vf.Forward(_lastObs, n);
        for (int e = 0; e < n; e++) _values[t * n + e] = v[e];
        SampleActions(head, n, _logProbs.AsSpan(t * n, n));
        // store the observation the actions were taken from, the actions and the episode starts
        _lastObs.CopyTo(_obs, t * n * d);
        _stepActions.CopyTo(_actions, t * n * actDim);
        _lastEpisodeStarts.CopyTo(_episodeStarts, t * n);
    }

    /// <summary>The second half of a rollout step, after the environment took <see cref="StepActions"/>: rewards, episode ends, the next observations.</summary>
    internal void EndStep()
    {
        int n = _o.NEnvs, d = _env.ObservationSize, t = _t;
        NumTimesteps += n;
        Monitor.Step(_env.Rewards, _env.Terminated, _env.Truncated, NumTimesteps);
        for (int e = 0; e < n; e++) _done[e] = _env.Terminated[e] || _env.Truncated[e];

        // new observations (and terminal observations of finished lanes), normalised if asked
        _env.Observations.CopyTo(_lastObs);
        _env.FinalObservations.CopyTo(_finalObs);
        if (Normalizer is { } norm) norm.OnStep(_lastObs, _finalObs, _done, _env.Rewards, _stepRewards);
        else for (int e = 0; e < n; e++) _stepRewards[e] = (float)_env.Rewards[e];

        // time-limit ends bootstrap: r += γ·V(terminal observation) (SB3: truncated and not terminated)
        for (int e = 0; e < n; e++)
            if (_env.Truncated[e] && !_env.Terminated[e])
            {
                float terminalValue = Policy.Vf.Forward(_finalObs.AsSpan(e * d, d), 1)[0];
                _stepRewards[e] += (float)_o.Gamma * terminalValue;
            }
        _stepRewards.CopyTo(_rewards, t * n);
        for (int e = 0; e < n; e++) _lastEpisodeStarts[e] = _done[e] ? 1f : 0f;
        _t++;
    }

    /// <summary>GAE and the update on the full rollout; the next rollout starts empty.</summary>
    internal IterationStats Update()
    {
        int n = _o.NEnvs, d = _env.ObservationSize, T = _o.NSteps, rows = T * n;
        int actDim = Policy.IsDiscrete ? 1 : Policy.ActionDim;
        _t = 0;

        // ===================== GAE =====================
        var lastV = Policy.Vf.Forward(_lastObs, n);
        lastV[..n].CopyTo(_lastValues);
        Gae.Compute(_advantages, _returns, _rewards, _values, _episodeStarts, _lastValues, _lastEpisodeStarts, T, n, _o.Gamma, _o.GaeLambda);

        // ===================== UPDATE =====================
        double progress = 1.0 - (double)NumTimesteps / _o.TotalTimesteps; // may end slightly negative, as SB3
        double lr = _o.LearningRate.Value(progress);
        if (_adam != null) _adam.LearningRate = lr; else _rms!.LearningRate = lr;
        double clip = _o.ClipRange.Value(progress);
        var lossOptions = new LossOptions(_o.Algo == OnPolicyAlgo.Ppo, clip, _o.ClipRangeVf, _o.EntCoef, _o.VfCoef, _o.NormalizeAdvantage);
        int batch = _o.Algo == OnPolicyAlgo.A2c ? rows : Math.Min(_o.BatchSize, rows);
        EnsureMinibatch(batch, d, actDim);
        LossStats last = default;
        int updates = 0;
        bool keepTraining = true;
        for (int epoch = 0; epoch < _o.NEpochs && keepTraining; epoch++)
        {
            if (_o.Algo == OnPolicyAlgo.Ppo) Sampling.Permutation(_perm, ref _samplingRng);
            else for (int i = 0; i < rows; i++) _perm[i] = i;
            for (int start = 0; start < rows; start += batch)
            {
                int B = Math.Min(batch, rows - start);
                Gather(_perm.AsSpan(start, B), d, actDim);
                Policy.ZeroGrad();
                last = _loss.Run(_mbObs.AsSpan(0, B * d), _mbActions.AsSpan(0, B * actDim), _mbOldLogp.AsSpan(0, B), _mbOldValues.AsSpan(0, B),
                                 _mbAdv.AsSpan(0, B), _mbReturns.AsSpan(0, B), B, lossOptions);
                if (_o.TargetKl is double kl && last.ApproxKl > 1.5 * kl) { keepTraining = false; break; }
                GradClip.ClipByGlobalNorm(Policy.Gradients, _o.MaxGradNorm);
                if (_adam != null) _adam.Update(Policy.Parameters, Policy.Gradients); else _rms!.Update(Policy.Parameters, Policy.Gradients);
                updates++;
            }
        }

        // divergence guard: stop with a clear message rather than train on NaN/∞
        if (updates > 0 && (!float.IsFinite(last.Loss) || !Kernels.AllFinite(Policy.Parameters)))
            throw new TrainingDivergedException($"Training diverged at env step {NumTimesteps}: the loss or a parameter is NaN or infinite (loss {last.Loss}). Lower the learning rate or check the environment's observations.");

        // ===================== LOGGING =====================
        return new IterationStats(NumTimesteps, lr, clip, last, ExplainedVariance(_values, _returns), updates);
    }

    /// <summary>
    /// Saves or restores everything the run depends on (checkpoints): parameters, optimizer state,
    /// generators, the partial rollout, normalisation statistics, episode records and the
    /// environment. Minibatch buffers are rebuilt from these at every update.
    /// </summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        _life.BeforeSync(this, a);
        a.Section("on-policy " + _o.Algo);
        a.Sync(Policy.Parameters);
        if (_adam != null) _adam.Sync(a); else _rms!.Sync(a);
        a.Sync(ref _policyRng); a.Sync(ref _samplingRng);
        long steps = NumTimesteps; a.Sync(ref steps); NumTimesteps = steps;
        a.Sync(ref _t);
        if (_t < 0 || _t > _o.NSteps) throw new InvalidDataException($"rollout position {_t} is outside 0 … {_o.NSteps}.");
        // only the rows of the rollout collected so far (REIN-2's meta rollout is 2048 × |RBV| floats)
        int rows = _t * _o.NEnvs, d = _env.ObservationSize, actDim = Policy.IsDiscrete ? 1 : Policy.ActionDim;
        a.Sync(_obs.AsSpan(0, rows * d)); a.Sync(_actions.AsSpan(0, rows * actDim)); a.Sync(_rewards.AsSpan(0, rows));
        a.Sync(_episodeStarts.AsSpan(0, rows)); a.Sync(_values.AsSpan(0, rows)); a.Sync(_logProbs.AsSpan(0, rows));
        a.Sync(_lastObs); a.Sync(_lastEpisodeStarts);
        Monitor.Sync(a);
        Normalizer?.Sync(a);
        _env.Sync(a);
        if (a.IsLoading) _life.AfterRestore(Done);
    }


    void SampleActions(ReadOnlySpan<float> head, int n, Span<float> logProbs)
    {
        if (Policy.IsDiscrete)
        {
            int k = Policy.ActionDim;
            for (int e = 0; e < n; e++)
            {
                Categorical.LogSoftmax(_logpRow, head.Slice(e * k, k), 1, k);
                int a = Sampling.Categorical(_logpRow, ref _policyRng);
                _intActions[e] = a; _stepActions[e] = a; logProbs[e] = _logpRow[a];
            }
        }
        else
        {
            int k = Policy.ActionDim;
            var box = (BoxSpace)_env.ActionSpace;
            DiagGaussian.Sample(_stepActions, head, Policy.LogStd, n, k, ref _policyRng);
            DiagGaussian.LogProb(logProbs, head, Policy.LogStd, _stepActions, n, k);
            for (int i = 0; i < n * k; i++) _clipped[i] = Math.Clamp(_stepActions[i], box.Low[i % k], box.High[i % k]);
        }
    }

    void EnsureMinibatch(int B, int d, int actDim)
    {
        if (_mbAdv.Length >= B) return;
        _mbObs = new float[B * d]; _mbActions = new float[B * actDim]; _mbOldLogp = new float[B]; _mbOldValues = new float[B];
        _mbAdv = new float[B]; _mbReturns = new float[B];
    }

    void Gather(ReadOnlySpan<int> idx, int d, int actDim)
    {
        for (int i = 0; i < idx.Length; i++)
        {
            int r = idx[i];
            _obs.AsSpan(r * d, d).CopyTo(_mbObs.AsSpan(i * d));
            _actions.AsSpan(r * actDim, actDim).CopyTo(_mbActions.AsSpan(i * actDim));
            _mbOldLogp[i] = _logProbs[r]; _mbOldValues[i] = _values[r]; _mbAdv[i] = _advantages[r]; _mbReturns[i] = _returns[r];
        }
    }

    // 1 − Var(returns − values)/Var(returns), as SB3's explained_variance (NaN when Var(returns) = 0)
    static double ExplainedVariance(ReadOnlySpan<float> values, ReadOnlySpan<float> returns)
    {
        double my = 0, md = 0;
        for (int i = 0; i < values.Length; i++) { my += returns[i]; md += returns[i] - values[i]; }
        my /= values.Length; md /= values.Length;
        double vy = 0, vd = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double y = returns[i] - my, r = returns[i] - values[i] - md;
            vy += y * y; vd += r * r;
        }
        return vy == 0 ? double.NaN : 1 - vd / vy;
    }
}
