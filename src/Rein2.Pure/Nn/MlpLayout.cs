// Where each tensor of an MLP lives in its one flat parameter buffer (llm.c style).
// Order = PyTorch's parameters() order for nn.Sequential(Linear, act, Linear, ...):
//   W0 (Out0,In0) row-major, b0 (Out0), W1, b1, ...
// so a flat index means the same entry as in torch.nn.utils.parameters_to_vector.
namespace Rein2.Pure.Nn;

/// <summary>Layer sizes, activations and the offsets of every weight and bias in a flat buffer.</summary>
public sealed class MlpLayout
{
    readonly int[] _sizes;
    readonly int[] _weightOffsets;
    readonly int[] _biasOffsets;

    /// <summary>Layer widths, input first: e.g. [4, 64, 64, 2].</summary>
    public IReadOnlyList<int> Sizes => _sizes;
    /// <summary>Activation after every hidden layer.</summary>
    public Activation Hidden { get; }
    /// <summary>Activation after the last layer (usually identity).</summary>
    public Activation Output { get; }
    /// <summary>Number of Linear layers.</summary>
    public int LayerCount => _sizes.Length - 1;
    /// <summary>Total number of floats (weights and biases).</summary>
    public int ParameterCount { get; }
    /// <summary>Input width.</summary>
    public int InputSize => _sizes[0];
    /// <summary>Output width.</summary>
    public int OutputSize => _sizes[^1];
    /// <summary>The widest layer (input included), for workspace sizing.</summary>
    public int MaxWidth { get; }

    /// <summary>Builds the layout of Linear layers between consecutive <paramref name="sizes"/>.</summary>
    public MlpLayout(IReadOnlyList<int> sizes, Activation hidden, Activation output = Activation.Identity)
    {
        if (sizes.Count < 2) throw new ArgumentException($"An MLP needs at least 2 sizes (input and output), got {sizes.Count}.", nameof(sizes));
        for (int i = 0; i < sizes.Count; i++)
            if (sizes[i] <= 0) throw new ArgumentException($"Layer size {i} is {sizes[i]}; sizes must be positive.", nameof(sizes));
        _sizes = sizes.ToArray();
        Hidden = hidden;
        Output = output;
        _weightOffsets = new int[LayerCount];
        _biasOffsets = new int[LayerCount];
        long offset = 0;
        for (int l = 0; l < LayerCount; l++)
        {
            _weightOffsets[l] = checked((int)offset);
            offset += (long)_sizes[l] * _sizes[l + 1];
            _biasOffsets[l] = checked((int)offset);
            offset += _sizes[l + 1];
        }
        ParameterCount = checked((int)offset);
        MaxWidth = _sizes.Max();
    }

    /// <summary>Input width of layer <paramref name="l"/>.</summary>
    public int In(int l) => _sizes[l];
    /// <summary>Output width of layer <paramref name="l"/>.</summary>
    public int Out(int l) => _sizes[l + 1];
    /// <summary>Offset of W_l (Out,In) in the flat buffer.</summary>
    public int WeightOffset(int l) => _weightOffsets[l];
    /// <summary>Offset of b_l (Out) in the flat buffer.</summary>
    public int BiasOffset(int l) => _biasOffsets[l];
    /// <summary>The activation applied after layer <paramref name="l"/>.</summary>
    public Activation ActivationOf(int l) => l == LayerCount - 1 ? Output : Hidden;

    /// <summary>e.g. "4-256-256-2 relu".</summary>
    public override string ToString() => $"{string.Join('-', _sizes)} {Hidden.ToString().ToLowerInvariant()}";
}
