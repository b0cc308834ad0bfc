// Gymnasium's action/observation spaces, reduced to what classic control needs.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>An observation or action space.</summary>
public abstract record Space
{
    /// <summary>Number of floats a value of this space occupies (1 for Discrete).</summary>
    public abstract int FlatSize { get; }
    /// <summary>A uniformly random value of the space written into <paramref name="value"/> (Gymnasium's sample()): an index, or a point of the box.</summary>
    public abstract void Sample(ref Pcg64 rng, Span<float> value);
}

/// <summary>Discrete(n): the integers 0 … n−1.</summary>
public sealed record DiscreteSpace(int N) : Space
{
    /// <inheritdoc/>
    public override int FlatSize => 1;
    /// <summary>Whether <paramref name="action"/> is in the space.</summary>
    public bool Contains(long action) => action >= 0 && action < N;
    /// <inheritdoc/>
    public override void Sample(ref Pcg64 rng, Span<float> value) => value[0] = rng.Integers(0, N);
    /// <inheritdoc/>
    public override string ToString() => $"Discrete({N})";
}

/// <summary>Box(low, high): float32 vectors bounded element-wise.</summary>
public sealed record BoxSpace(float[] Low, float[] High) : Space
{
    /// <summary>Dimension of the box.</summary>
    public int Dim => Low.Length;
    /// <inheritdoc/>
    public override int FlatSize => Low.Length;
    /// <inheritdoc/>
    public override void Sample(ref Pcg64 rng, Span<float> value)
    {
        for (int i = 0; i < Low.Length; i++) value[i] = (float)rng.Uniform(Low[i], High[i]);
    }
    /// <inheritdoc/>
    public override string ToString() =>
        $"Box([{string.Join(", ", Low.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}], " +
        $"[{string.Join(", ", High.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}])";
}

/// <summary>The outcome of one step (the observation is written to a caller-provided span).</summary>
/// <param name="Reward">The reward as a double, exactly as Gymnasium returns it.</param>
/// <param name="Terminated">The MDP reached a terminal state.</param>
/// <param name="Truncated">The time limit ended the episode.</param>
public readonly record struct StepResult(double Reward, bool Terminated, bool Truncated)
{
    /// <summary>Terminated or truncated.</summary>
    public bool Done => Terminated || Truncated;
}
