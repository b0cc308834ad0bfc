// A subset chosen for a reason: the output layer, whole (its weights and biases). With the hidden
// layers fixed at their random initialisation, the produced agent is a linear read-out of random
// features (the view of random-feature models and extreme learning machines): every written value
// moves the Q-values or actions directly, none is lost behind a ReLU that never fires, and the
// dimension is small (CartPole's [256, 256] Q-network: 514 values, against the RBV's 676). Written as
// values (bound_mode absolute) or as offsets from the initialisation (offset), as the RBV.
namespace Rein2.Pure.Meta;

/// <summary>The produced agent's last layer, weights and biases.</summary>
public sealed class OutputLayerSubset : IWeightSubset
{
    readonly int[] _indices;
    readonly DirectValues _values;

    /// <summary>The last layer of the context's network.</summary>
    public OutputLayerSubset(WeightSubsetContext context)
    {
        var L = context.Layout;
        int last = L.LayerCount - 1, w = L.WeightOffset(last), b = L.BiasOffset(last), weights = L.In(last) * L.Out(last);
        _indices = [.. Enumerable.Range(w, weights), .. Enumerable.Range(b, L.Out(last))];
        Array.Sort(_indices);
        _values = new DirectValues(_indices, context.InitialParameters, context.Options.BoundMode == BoundMode.Offset);
    }

    /// <inheritdoc/>
    public string Name => "layer";

    /// <inheritdoc/>
    public int Dimension => _indices.Length;

    /// <inheritdoc/>
    public ReadOnlySpan<int> Indices => _indices;

    /// <inheritdoc/>
    public void Start(Span<float> action) => _values.Start(action);

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> action, Span<float> values) => _values.Write(action, values);
}
