// The Randomized Batch Vector (paper §3.4): a fixed random subset of the inner network's flat
// parameter indices — weights and biases alike — that the meta-learner is allowed to change. Its size
// is round(rbv · P) (NumPy's round-half-even, as the Python reference's round(0.01·k)); the indices are
// drawn without replacement from the run's RBV stream and kept sorted (their order only maps action
// components to parameters; sorted keeps the writes cache-friendly).
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>A fixed subset of flat parameter indices.</summary>
public sealed class RandomizedBatchVector
{
    readonly int[] _indices;

    /// <summary>The chosen indices, ascending (a read-only view).</summary>
    public ReadOnlySpan<int> Indices => _indices;
    /// <summary>Total parameters of the network the indices point into.</summary>
    public int ParameterCount { get; }

    /// <summary>Chooses round(<paramref name="fraction"/> · <paramref name="parameterCount"/>) indices (at least 1).</summary>
    public RandomizedBatchVector(int parameterCount, double fraction, ref Pcg64 rng)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"rbv must be in (0, 1], got {fraction}.");
        ThrowHelper.RequirePositive(parameterCount, nameof(parameterCount));
        int k = Math.Max(1, (int)Math.Round(fraction * parameterCount, MidpointRounding.ToEven));
        // partial Fisher–Yates: the first k slots of a shuffled 0 … P−1
        var pool = new int[parameterCount];
        for (int i = 0; i < pool.Length; i++) pool[i] = i;
        for (int i = 0; i < k; i++)
        {
            int j = i + (int)rng.Integers(0, parameterCount - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        _indices = pool[..k];
        Array.Sort(_indices);
        ParameterCount = parameterCount;
    }

    /// <summary>Number of chosen entries (the outer action dimension).</summary>
    public int Count => _indices.Length;

    /// <summary>params[idx[i]] = values[i].</summary>
    public void Write(Span<float> parameters, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < _indices.Length; i++) parameters[_indices[i]] = values[i];
    }

    /// <summary>values[i] = params[idx[i]].</summary>
    public void Read(ReadOnlySpan<float> parameters, Span<float> values)
    {
        for (int i = 0; i < _indices.Length; i++) values[i] = parameters[_indices[i]];
    }
}
