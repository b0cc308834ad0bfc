// DQN hyperparameters with stable-baselines3 v2.4.1's defaults (dqn/dqn.py).
using Rein2.Pure.Optim;

namespace Rein2.Pure.Algos;

/// <summary>DQN hyperparameters; defaults are SB3's.</summary>
public sealed record DqnOptions
{
    /// <summary>Environment steps to train for.</summary>
    public long TotalTimesteps { get; init; } = 100_000;
    /// <summary>Adam learning rate schedule (1e-4).</summary>
    public Schedule LearningRate { get; init; } = Schedule.Constant(1e-4);
    /// <summary>Replay capacity (1e6).</summary>
    public int BufferSize { get; init; } = 1_000_000;
    /// <summary>Uniform-random actions and no training before this many steps (100).</summary>
    public int LearningStarts { get; init; } = 100;
    /// <summary>Minibatch size (32).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Polyak coefficient of the target update (1: hard copy).</summary>
    public double Tau { get; init; } = 1.0;
    /// <summary>Discount γ (0.99).</summary>
    public double Gamma { get; init; } = 0.99;
    /// <summary>Env steps collected between training phases (4).</summary>
    public int TrainFreq { get; init; } = 4;
    /// <summary>Gradient steps per training phase (1; −1: as many as steps collected).</summary>
    public int GradientSteps { get; init; } = 1;
    /// <summary>Target network update period, counted in env steps (10 000).</summary>
    public int TargetUpdateInterval { get; init; } = 10_000;
    /// <summary>Fraction of training over which ε decays linearly (0.1).</summary>
    public double ExplorationFraction { get; init; } = 0.1;
    /// <summary>Initial ε (1.0).</summary>
    public double ExplorationInitialEps { get; init; } = 1.0;
    /// <summary>Final ε (0.05).</summary>
    public double ExplorationFinalEps { get; init; } = 0.05;
    /// <summary>Global gradient-norm clip (10).</summary>
    public double MaxGradNorm { get; init; } = 10;
    /// <summary>Hidden sizes of the Q-network ([64, 64]; the Zoo uses [256, 256]).</summary>
    public int[] NetArch { get; init; } = [64, 64];

    /// <summary>Throws an InvalidSettingException naming the first setting out of range (each range is defined once, in <see cref="OptionKeys.Dqn"/>).</summary>
    public void Validate()
    {
        foreach (var s in OptionKeys.Dqn) s.Check(this);
        if (GradientSteps == 0) throw new InvalidSettingException("gradient_steps=0 is out of range; allowed: an integer ≥ 1, or -1 (as many as the environment steps collected).");
    }
}
