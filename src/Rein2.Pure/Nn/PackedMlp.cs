// An inference-only mirror of an Mlp with every weight matrix stored transposed, Wᵀ (In,Out), so the
// forward pass at any batch size is the register-blocked broadcast GEMM with no per-call packing.
// Worth it when the same weights serve many forward passes between changes — REIN-2 evaluates one
// inner network for hundreds of steps and then changes ~1 % of its entries, which SetParameter
// updates in place (one write per changed entry). Narrow layers (fewer outputs than one vector, e.g.
// the 2-action head) keep W as is and run as dot products (the NT product), which vectorises over In.
using System.Runtime.InteropServices;

namespace Rein2.Pure.Nn;

/// <summary>Transposed-weight copy of an <see cref="Mlp"/> for fast repeated inference.</summary>
internal sealed class PackedMlp
{
    readonly float[] _packed;   // per layer: Wᵀ (In,Out) then b (Out), at the same offsets as the flat layout
    float[][] _acts = [];
    int _capacity;

    /// <summary>The layout (same as the source network's).</summary>
    public MlpLayout Layout { get; }

    /// <summary>Builds a mirror of <paramref name="source"/>.</summary>
    public PackedMlp(Mlp source)
    {
        Layout = source.Layout;
        _packed = new float[Layout.ParameterCount];
        Refresh(source.Parameters);
    }

    /// <summary>Re-packs every parameter from a flat buffer in the source layout.</summary>
    public void Refresh(ReadOnlySpan<float> flat)
    {
        var L = Layout;
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l), wo = L.WeightOffset(l), bo = L.BiasOffset(l);
            if (Narrow(Out)) flat.Slice(wo, In * Out).CopyTo(_packed.AsSpan(wo, In * Out));
            else Kernels.Transpose(_packed.AsSpan(wo, In * Out), flat.Slice(wo, In * Out), Out, In);
            flat.Slice(bo, Out).CopyTo(_packed.AsSpan(bo, Out));
        }
    }

    /// <summary>Sets the parameter at flat index <paramref name="index"/> (source layout) to <paramref name="value"/>.</summary>
    public void SetParameter(int index, float value)
    {
        var L = Layout;
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l), wo = L.WeightOffset(l), bo = L.BiasOffset(l);
            if (index < bo)
            {
                if (Narrow(Out)) { _packed[index] = value; return; }
                int r = index - wo; // W[o, i] at o·In + i → Wᵀ[i, o] at i·Out + o
                _packed[wo + (r % In) * Out + r / In] = value;
                return;
            }
            if (index < bo + Out) { _packed[index] = value; return; }
        }
        throw new ArgumentOutOfRangeException(nameof(index), index, $"Parameter index must be in [0, {L.ParameterCount}).");
    }

    static bool Narrow(int outputs) => outputs < 16;

    /// <summary>Forward pass of <paramref name="batch"/> rows; the result is valid until the next call.</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> input, int batch)
    {
        var L = Layout;
        ThrowHelper.RequirePositive(batch, nameof(batch));
        ThrowHelper.RequireLength(input.Length, batch * L.InputSize, nameof(input));
        if (batch > _capacity)
        {
            _acts = new float[L.LayerCount][];
            for (int l = 0; l < L.LayerCount; l++) _acts[l] = new float[batch * L.Out(l)];
            _capacity = batch;
        }
        ReadOnlySpan<float> x = input;
        for (int l = 0; l < L.LayerCount; l++)
        {
            int In = L.In(l), Out = L.Out(l);
            var y = _acts[l].AsSpan(0, batch * Out);
            var b = _packed.AsSpan(L.BiasOffset(l), Out);
            for (int r = 0; r < batch; r++) b.CopyTo(y.Slice(r * Out, Out));
            // y (B,Out) += x (B,In) · Wᵀ (In,Out)
            if (Narrow(Out))
                Kernels.GemmNTUnchecked(ref MemoryMarshal.GetReference(y), Out, ref MemoryMarshal.GetReference(x), In,
                                        ref _packed[L.WeightOffset(l)], In, batch, Out, In);
            else
                Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(y), Out, ref MemoryMarshal.GetReference(x), In, 1,
                                      ref _packed[L.WeightOffset(l)], Out, batch, Out, In);
            Activations.Forward(y, L.ActivationOf(l));
            x = y;
        }
        return x;
    }
}
