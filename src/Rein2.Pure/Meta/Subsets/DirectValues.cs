// What the RBV and the output-layer subset share: a meta-action written into the weights directly,
// as their values (bound_mode absolute, the paper's) or added to their initial values (offset).
namespace Rein2.Pure.Meta;

/// <summary>A meta-action written at fixed indices, as values or as offsets from θ₀.</summary>
internal sealed class DirectValues
{
    readonly float[] _initial;   // θ₀ at the indices
    readonly bool _offset;

    public DirectValues(ReadOnlySpan<int> indices, float[]? initialParameters, bool offset)
    {
        _offset = offset;
        _initial = new float[indices.Length];
        if (initialParameters != null) for (int i = 0; i < indices.Length; i++) _initial[i] = initialParameters[indices[i]];
    }

    /// <summary>a₀: θ₀'s values (absolute), or zero offsets.</summary>
    public void Start(Span<float> action)
    {
        if (_offset) action[.._initial.Length].Clear();
        else _initial.CopyTo(action);
    }

    /// <summary>The values written for <paramref name="action"/>.</summary>
    public void Write(ReadOnlySpan<float> action, Span<float> values)
    {
        if (!_offset) { action[.._initial.Length].CopyTo(values); return; }
        for (int j = 0; j < _initial.Length; j++) values[j] = _initial[j] + action[j];
    }
}
