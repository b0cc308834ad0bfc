// DQN as stable-baselines3 v2.4.1 runs it (common/off_policy_algorithm.py, dqn/dqn.py), one
// environment, readable top to bottom:
//   COLLECT  train_freq env steps (always whole, as SB3: the last one may pass n_timesteps):
//            uniform-random actions before learning_starts, then ε-greedy;
//            after each step the progress, ε (linear schedule) and — every target_update_interval
//            *env steps* — the target network are updated
//   TRAIN    if steps > learning_starts: gradient_steps × (sample batch, Huber TD loss against the
//            target network, clip_grad_norm 10, Adam ε 1e-8)
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>Trains a <see cref="QNetwork"/> with DQN.</summary>
public sealed class DqnTrainer : ITrainer, IHostedTrainer
{
    readonly DqnOptions _o;
    readonly VecEnv _env;
    readonly Adam _adam;
    readonly DqnLoss _loss = new();
    readonly ReplayBuffer _buffer;
    Pcg64 _policyRng, _samplingRng;
    readonly float[] _obs, _next, _bObs, _bNext, _bRewards, _bDones;
    readonly int[] _bActions, _action = new int[1];
    readonly int _nActions;
    readonly EnvSpec _spec;
    readonly ulong _seed;
    EnvSpec? IHostedTrainer.Env => _spec;
    ulong IHostedTrainer.Seed => _seed;
    EpisodeMonitor? IHostedTrainer.Monitor => Monitor;
    IEnumerable<KeyValuePair<string, string>> IHostedTrainer.Settings => TrainerSettings.With(_seed, OptionKeys.Describe(_o));
    long _nCalls;

    /// <summary>The online Q-network.</summary>
    public QNetwork Q { get; }
    /// <summary>The target Q-network.</summary>
    public QNetwork Target { get; }
    /// <summary>Episode statistics.</summary>
    public EpisodeMonitor Monitor { get; } = new(1);
    /// <summary>Environment steps so far.</summary>
    public long NumTimesteps { get; private set; }
    /// <summary>Current ε (SB3 starts it at 0 and sets it after the first step).</summary>
    public double ExplorationRate { get; private set; }
    /// <summary>Gradient steps taken.</summary>
    public long GradientStepsDone { get; private set; }
    /// <summary>Loss of the last gradient step.</summary>
    public float LastLoss { get; private set; } = float.NaN;
    /// <summary>The options.</summary>
    public DqnOptions Options => _o;
    /// <summary>Environment id.</summary>
    public string EnvId { get; }
    /// <summary>True once the step budget is spent.</summary>
    public bool Done => NumTimesteps >= _o.TotalTimesteps;
    readonly TrainerLifecycle _life = new();
    /// <inheritdoc/>
    public TrainerStatus Status => _life.Status;
    /// <inheritdoc/>
    public Exception? Fault => _life.Fault;
    /// <inheritdoc/>
    public long EnvSteps => NumTimesteps;
    /// <inheritdoc/>
    public TrainingProgress Progress => TrainingProgress.OfEnvSteps(NumTimesteps, _o.TotalTimesteps, Monitor, ExplorationRate);

    /// <summary>Builds networks, replay buffer and optimizer for the registered environment <paramref name="envId"/>.</summary>
    public DqnTrainer(string envId, DqnOptions options, ulong seed) : this(EnvRegistry.Spec(envId), options, seed) { }

    /// <summary>Builds networks, replay buffer and optimizer for <paramref name="env"/> (a built-in or the user's own environment).</summary>
    public DqnTrainer(EnvSpec env, DqnOptions options, ulong seed)
    {
        options.Validate();
        _o = options;
        EnvId = env.Id;
        _spec = env; _seed = seed;
        if (env.ActionSpace is not DiscreteSpace ds)
            throw new InvalidSettingException($"DQN needs a Discrete action space; {env.Id} has {env.ActionSpace}. Use PPO or A2C for Box actions.");
        EnvChecker.CheckQuick(env, seed).ThrowIfFailed();
        _env = env.CreateBatched(1);
        _nActions = ds.N;
        int d = _env.ObservationSize;
        Q = new QNetwork(d, _nActions, options.NetArch);
        Target = new QNetwork(d, _nActions, options.NetArch);
        var initRng = SeedStreams.For(seed, StreamId.Init);
        Q.InitializeTorchDefault(ref initRng);
        Q.Net.Parameters.CopyTo(Target.Net.Parameters);
        _policyRng = SeedStreams.For(seed, StreamId.Policy);
        _samplingRng = SeedStreams.For(seed, StreamId.Sampling);
        _adam = new Adam(Q.Net.Parameters.Length, options.LearningRate.Value(1.0), eps: 1e-8);
        _buffer = new ReplayBuffer(Math.Max(options.BufferSize, 1), d);
        _obs = new float[d]; _next = new float[d];
        int B = options.BatchSize;
        _bObs = new float[B * d]; _bNext = new float[B * d]; _bRewards = new float[B]; _bDones = new float[B]; _bActions = new int[B];
        _env.Reset(seed);
        _env.Observations.CopyTo(_obs);
    }

    /// <inheritdoc/>
    public string StepUnit => "env steps";
    /// <inheritdoc/>
    public long Steps => NumTimesteps;
    /// <inheritdoc/>
    public long TotalSteps => _o.TotalTimesteps;
    /// <summary>The greedy agent of the online network as it is now (a snapshot: it does not change as training goes on).</summary>
    public IAgent Agent => new QAgent(EnvId, Q);

    /// <inheritdoc/>
    public bool Learn(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, long pauseAtStep = long.MaxValue) =>
        _life.Learn(this, () =>
        {
            while (!Done)
            {
                // one iteration is train_freq steps and their gradient steps: DQN pauses between iterations
                if (cancellationToken.IsCancellationRequested || NumTimesteps >= pauseAtStep) return false;
                Iterate();
                progress?.Report(Progress);
            }
            return true;
        });

    // SB3's _current_progress_remaining: 1 at the start, 0 at the budget
    double Remaining => 1.0 - (double)NumTimesteps / _o.TotalTimesteps;

    /// <summary>One collection of train_freq steps, then training if due.</summary>
    internal void Iterate()
    {
        // ===================== COLLECT =====================
        int collected = 0;
        // always a whole train_freq collection, as SB3's collect_rollouts (which does not look at the
        // total): the zoo CartPole run ends at 196 × 256 = 50,176 steps, not 50,000
        for (int k = 0; k < _o.TrainFreq; k++)
        {
            int a;
            if (NumTimesteps < _o.LearningStarts) a = (int)_policyRng.Integers(0, _nActions);
            else if (_policyRng.NextDouble() < ExplorationRate) a = (int)_policyRng.Integers(0, _nActions);
            else a = Q.Act(_obs);
            _action[0] = a;
            _env.Step(_action);
            NumTimesteps++; collected++;
            Monitor.Step(_env.Rewards, _env.Terminated, _env.Truncated, NumTimesteps);
            bool done = _env.Terminated[0] || _env.Truncated[0];
            // s' of a finished episode is its real last observation; done excludes time-limit truncation
            var next = done ? _env.FinalObservations : _env.Observations;
            _buffer.Add(_obs, next, a, (float)_env.Rewards[0], _env.Terminated[0]);
            _env.Observations.CopyTo(_obs);
            OnStep();
        }

        // ===================== TRAIN =====================
        if (NumTimesteps > 0 && NumTimesteps > _o.LearningStarts)
            Train(_o.GradientSteps == -1 ? collected : _o.GradientSteps);
    }

    /// <summary>
    /// Saves or restores everything the run depends on (checkpoints): both networks, Adam, the replay
    /// buffer, generators, counters, ε, episode records and the environment.
    /// </summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        _life.BeforeSync(this, a);
        a.Section("dqn");
        a.Sync(Q.Net.Parameters); a.Sync(Target.Net.Parameters);
        _adam.Sync(a);
        _buffer.Sync(a);
        a.Sync(ref _policyRng); a.Sync(ref _samplingRng);
        a.Sync(_obs);
        long steps = NumTimesteps, gradSteps = GradientStepsDone;
        double eps = ExplorationRate; float loss = LastLoss;
        a.Sync(ref _nCalls); a.Sync(ref steps); a.Sync(ref gradSteps); a.Sync(ref eps); a.Sync(ref loss);
        NumTimesteps = steps; GradientStepsDone = gradSteps; ExplorationRate = eps; LastLoss = loss;
        Monitor.Sync(a);
        _env.Sync(a);
        if (a.IsLoading) _life.AfterRestore(Done);
    }

    // SB3 _on_step: target update every target_update_interval env steps, then ε from the schedule
    void OnStep()
    {
        _nCalls++;
        if (_nCalls % Math.Max(_o.TargetUpdateInterval, 1) == 0)
        {
            if (_o.Tau >= 1.0) Q.Net.Parameters.CopyTo(Target.Net.Parameters);
            else
            {
                var t = Target.Net.Parameters; var q = Q.Net.Parameters; float tau = (float)_o.Tau;
                for (int i = 0; i < t.Length; i++) t[i] = (1 - tau) * t[i] + tau * q[i];
            }
        }
        double elapsed = 1.0 - Remaining;
        ExplorationRate = elapsed > _o.ExplorationFraction
            ? _o.ExplorationFinalEps
            : _o.ExplorationInitialEps + elapsed * (_o.ExplorationFinalEps - _o.ExplorationInitialEps) / _o.ExplorationFraction;
    }

    void Train(int gradientSteps)
    {
        _adam.LearningRate = _o.LearningRate.Value(Remaining);
        int B = _o.BatchSize;
        for (int g = 0; g < gradientSteps; g++)
        {
            _buffer.Sample(B, ref _samplingRng, _bObs, _bNext, _bActions, _bRewards, _bDones);
            Q.Net.ZeroGrad();
            LastLoss = _loss.Run(Q.Net, Target.Net, _bObs, _bNext, _bActions, _bRewards, _bDones, _o.Gamma, B);
            GradClip.ClipByGlobalNorm(Q.Net.Gradients, _o.MaxGradNorm);
            _adam.Update(Q.Net.Parameters, Q.Net.Gradients);
            GradientStepsDone++;
        }
        if (!float.IsFinite(LastLoss) || !Kernels.AllFinite(Q.Net.Parameters))
            throw new TrainingDivergedException($"Training diverged at env step {NumTimesteps}: the TD loss or a parameter is NaN or infinite (loss {LastLoss}). Lower the learning rate.");
    }

}
