// A multilayer perceptron over one flat parameter buffer and one flat gradient buffer (llm.c).
// Each layer's W and b are slices at offsets given by MlpLayout. Several networks may share one
// buffer (the actor-critic keeps policy, value and log-std in one array, so Adam is one loop):
// pass the arrays and an offset. Forward keeps every layer's activated output for Backward.
// Workspaces grow to the largest batch seen, then are reused: no allocation in steady state.
namespace Rein2.Pure.Nn;

/// <summary>An MLP whose parameters are a slice of a flat <c>float[]</c>.</summary>
public sealed class Mlp
{
    readonly float[] _params;
    readonly float[] _grads;
    readonly int _offset;
    float[][] _acts = [];   // _acts[0] = input copy (B,In0); _acts[l+1] = output of layer l (B,Out_l)
    float[] _delta = [];     // dL/d(layer output), (B, MaxWidth)
    float[] _deltaPrev = []; // dL/d(layer input),  (B, MaxWidth)
    float[] _pack = [];      // packed Wᵀ for the batched forward GEMM
    int _capacity;
    int _batch = -1;

    /// <summary>The layout (sizes, activations, offsets relative to <see cref="Offset"/>).</summary>
    public MlpLayout Layout { get; }
    /// <summary>Where this network's slice starts in the shared buffers.</summary>
    public int Offset => _offset;

    /// <summary>Creates an MLP that owns fresh zeroed buffers.</summary>
    public Mlp(MlpLayout layout) : this(layout, new float[layout.ParameterCount], new float[layout.ParameterCount], 0) { }

    /// <summary>Creates an MLP over <paramref name="parameters"/>[offset..] and <paramref name="gradients"/>[offset..].</summary>
    public Mlp(MlpLayout layout, float[] parameters, float[] gradients, int offset)
    {
        Layout = layout;
        if (parameters.Length != gradients.Length)
            throw new ArgumentException($"Parameter ({parameters.Length}) and gradient ({gradients.Length}) buffers must have equal length.");
        if (offset < 0 || offset + layout.ParameterCount > parameters.Length)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The network needs {layout.ParameterCount} floats from offset {offset}, buffer has {parameters.Length}.");
        _params = parameters;
        _grads = gradients;
        _offset = offset;
    }

    /// <summary>This network's parameters (a view into the flat buffer).</summary>
    public Span<float> Parameters => _params.AsSpan(_offset, Layout.ParameterCount);
    /// <summary>This network's gradients (a view into the flat buffer).</summary>
    public Span<float> Gradients => _grads.AsSpan(_offset, Layout.ParameterCount);
    /// <summary>W_l (Out,In) row-major.</summary>
    public Span<float> Weight(int l) => _params.AsSpan(_offset + Layout.WeightOffset(l), Layout.Out(l) * Layout.In(l));
    /// <summary>b_l (Out).</summary>
    public Span<float> Bias(int l) => _params.AsSpan(_offset + Layout.BiasOffset(l), Layout.Out(l));

    /// <summary>Grows the workspaces so that batches up to <paramref name="batch"/> run without allocating.</summary>
    public void EnsureCapacity(int batch)
    {
        if (batch <= _capacity) return;
        var L = Layout;
        _acts = new float[L.LayerCount + 1][];
        for (int l = 0; l <= L.LayerCount; l++) _acts[l] = new float[batch * L.Sizes[l]];
        _delta = new float[batch * L.MaxWidth];
        _deltaPrev = new float[batch * L.MaxWidth];
        int maxMatrix = 0;
        for (int l = 0; l < L.LayerCount; l++) maxMatrix = Math.Max(maxMatrix, L.In(l) * L.Out(l));
        if (_pack.Length < maxMatrix) _pack = new float[maxMatrix];
        _capacity = batch;
    }

    /// <summary>
    /// Forward pass of <paramref name="batch"/> rows (input (B,In) row-major). The returned span
    /// (B,Out) is valid until the next Forward.
    /// </summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch)
    {
        var L = Layout;
        ThrowHelper.RequirePositive(batch, nameof(batch));
        ThrowHelper.RequireLength(input.Length, batch * L.InputSize, nameof(input));
        EnsureCapacity(batch);
        input[..(batch * L.InputSize)].CopyTo(_acts[0]);
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l);
            var y = _acts[l + 1].AsSpan(0, batch * Out);
            Linear.Forward(y, _acts[l].AsSpan(0, batch * In), Weight(l), Bias(l), batch, In, Out, _pack);
            Activations.Forward(y, L.ActivationOf(l));
        }
        _batch = batch;
        return _acts[L.LayerCount].AsSpan(0, batch * L.OutputSize);
    }

    /// <summary>
    /// Backward pass for the last <see cref="Forward"/>: given dL/dy (B,Out), accumulates dL/dθ into
    /// the gradient buffer and, if <paramref name="dInput"/> is not empty, writes dL/dx (B,In) into it.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dOutput, Span<float> dInput = default)
    {
        var L = Layout;
        if (_batch < 0) throw new InvalidOperationException("Backward needs a preceding Forward.");
        int B = _batch;
        ThrowHelper.RequireLength(dOutput.Length, B * L.OutputSize, nameof(dOutput));
        dOutput[..(B * L.OutputSize)].CopyTo(_delta);
        for (int l = L.LayerCount - 1; l >= 0; l--)
        {
            int In = L.In(l), Out = L.Out(l);
            var d = _delta.AsSpan(0, B * Out);
            Activations.Backward(d, _acts[l + 1].AsSpan(0, B * Out), L.ActivationOf(l));
            Span<float> dx = default;
            if (l > 0) { dx = _deltaPrev.AsSpan(0, B * In); dx.Clear(); }
            else if (!dInput.IsEmpty) { ThrowHelper.RequireLength(dInput.Length, B * In, nameof(dInput)); dx = dInput[..(B * In)]; dx.Clear(); }
            var gW = _grads.AsSpan(_offset + L.WeightOffset(l), Out * In);
            var gB = _grads.AsSpan(_offset + L.BiasOffset(l), Out);
            Linear.Backward(dx, gW, gB, d, _acts[l].AsSpan(0, B * In), Weight(l), B, In, Out, _pack);
            if (l > 0) (_delta, _deltaPrev) = (_deltaPrev, _delta);
        }
    }

    /// <summary>Sets this network's gradients to zero.</summary>
    public void ZeroGrad() => Gradients.Clear();
}
