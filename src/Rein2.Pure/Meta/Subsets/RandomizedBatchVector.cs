// The Randomized Batch Vector (paper §3.4), REIN-2's subset by default: a fixed random subset of the
// produced agent's flat parameter indices — weights and biases alike — that the meta-learner writes.
// Its size is round(rbv · P) (NumPy's round-half-even, as the Python reference's round(0.01·k)); the
// indices are drawn without replacement from the run's subset stream and kept sorted (their order
// only maps action components to parameters; sorted keeps the writes cache-friendly). The action is
// written as the weights' values (bound_mode absolute, the paper's) or added to their initial values
// (offset).
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>A fixed random subset of flat parameter indices, written directly (or as offsets).</summary>
public sealed class RandomizedBatchVector : IWeightSubset
{
    readonly int[] _indices;
    readonly DirectValues _values;

    /// <summary>The chosen indices, ascending (a read-only view).</summary>
    public ReadOnlySpan<int> Indices => _indices;
    /// <summary>Total parameters of the network the indices point into.</summary>
    public int ParameterCount { get; }

    /// <summary>Chooses round(<paramref name="fraction"/> · <paramref name="parameterCount"/>) indices (at least 1); its values are written as they are (absolute), starting from zeros.</summary>
    public RandomizedBatchVector(int parameterCount, double fraction, ref Pcg64 rng) : this(Choose(parameterCount, fraction, ref rng), parameterCount, null, false) { }

    /// <summary>The subset a run uses: indices chosen from the context's generator, θ₀ kept to start from (and to add to, with bound_mode offset).</summary>
    public RandomizedBatchVector(WeightSubsetContext context) : this(ChooseFrom(context), context.Layout.ParameterCount, context.InitialParameters, context.Options.BoundMode == BoundMode.Offset) { }

    RandomizedBatchVector(int[] indices, int parameterCount, float[]? initialParameters, bool offset)
    {
        _indices = indices;
        ParameterCount = parameterCount;
        _values = new DirectValues(indices, initialParameters, offset);
    }

    static int[] ChooseFrom(WeightSubsetContext c)
    {
        var rng = c.Generator;
        return Choose(c.Layout.ParameterCount, c.Options.RbvFraction, ref rng);
    }

    static int[] Choose(int parameterCount, double fraction, ref Pcg64 rng)
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
        var indices = pool[..k];
        Array.Sort(indices);
        return indices;
    }

    /// <inheritdoc/>
    public string Name => "rbv";

    /// <summary>Number of chosen entries (the outer action dimension).</summary>
    public int Count => _indices.Length;

    /// <inheritdoc/>
    public int Dimension => _indices.Length;

    /// <inheritdoc/>
    public void Start(Span<float> action) => _values.Start(action);

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> action, Span<float> values) => _values.Write(action, values);

    /// <summary>params[idx[i]] = values[i].</summary>
    public void WriteParameters(Span<float> parameters, ReadOnlySpan<float> values)
    {
        for (int i = 0; i < _indices.Length; i++) parameters[_indices[i]] = values[i];
    }

    /// <summary>values[i] = params[idx[i]].</summary>
    public void ReadParameters(ReadOnlySpan<float> parameters, Span<float> values)
    {
        for (int i = 0; i < _indices.Length; i++) values[i] = parameters[_indices[i]];
    }
}
