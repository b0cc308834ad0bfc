// Dense layer, forward and backward side by side (llm.c style), over a batch of row-major rows.
// Weights are PyTorch's nn.Linear layout: W (Out,In) row-major, b (Out).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Rein2.Pure.Nn;

/// <summary>y = x·Wᵀ + b for a batch of rows.</summary>
internal static class Linear
{
    /// <summary>
    /// Forward. <paramref name="packScratch"/> (length ≥ In·Out) lets large batches run as one
    /// register-blocked GEMM on a packed Wᵀ; with an empty scratch, or small batches, each output is
    /// a SIMD dot product of an input row with a weight row.
    /// </summary>
    public static void Forward(Span<float> output, ReadOnlySpan<float> input, ReadOnlySpan<float> w, ReadOnlySpan<float> b,
                               int B, int In, int Out, Span<float> packScratch = default)
    {
        // input (B,In), w (Out,In), b (Out), output (B,Out)
        Validate(output.Length, input.Length, w.Length, b.Length, B, In, Out);
        if (B == 0) return;
        for (int r = 0; r < B; r++) b[..Out].CopyTo(output.Slice(r * Out, Out));
        if (UsePackedGemm(B, Out) && packScratch.Length >= In * Out)
        {
            // pack Wᵀ (In,Out) once, then output (B,Out) += input (B,In) · Wᵀ (In,Out)
            ref float wt = ref MemoryMarshal.GetReference(packScratch);
            Kernels.TransposeUnchecked(ref wt, ref MemoryMarshal.GetReference(w), Out, In);
            Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(output), Out,
                ref MemoryMarshal.GetReference(input), In, 1, ref wt, Out, B, Out, In);
        }
        else
        {
            // small batch or narrow output: output (B,Out) += input (B,In) · Wᵀ as an NT product of
            // rows (4×4 tiles of dot products), which needs no packed copy of W
            Kernels.GemmNTUnchecked(ref MemoryMarshal.GetReference(output), Out, ref MemoryMarshal.GetReference(input), In,
                ref MemoryMarshal.GetReference(w), In, B, Out, In);
        }
    }

    /// <summary>Reference forward: plain loops in float32.</summary>
    public static void ForwardScalar(Span<float> output, ReadOnlySpan<float> input, ReadOnlySpan<float> w, ReadOnlySpan<float> b, int B, int In, int Out)
    {
        Validate(output.Length, input.Length, w.Length, b.Length, B, In, Out);
        for (int r = 0; r < B; r++)
            for (int o = 0; o < Out; o++)
            {
                float s = b[o];
                for (int i = 0; i < In; i++) s += input[r * In + i] * w[o * In + i];
                output[r * Out + o] = s;
            }
    }

    /// <summary>
    /// Backward, accumulating (+=) into <paramref name="dInput"/> (skipped when empty), dW and dB.
    /// forward: y = x·Wᵀ + b ⇒ dx += dy·W, dW += dyᵀ·x, db += Σ_rows dy.
    /// </summary>
    public static void Backward(Span<float> dInput, Span<float> dW, Span<float> dB, ReadOnlySpan<float> dOutput,
                                ReadOnlySpan<float> input, ReadOnlySpan<float> w, int B, int In, int Out,
                                Span<float> scratch = default)
    {
        // dOutput (B,Out), input (B,In), w (Out,In) → dInput (B,In), dW (Out,In), dB (Out)
        Validate(dOutput.Length, input.Length, w.Length, dB.Length, B, In, Out);
        ThrowHelper.RequireLength(dW.Length, Out * In, nameof(dW));
        if (B == 0) return;
        ref float dy = ref MemoryMarshal.GetReference(dOutput);
        if (!dInput.IsEmpty)
        {
            ThrowHelper.RequireLength(dInput.Length, B * In, nameof(dInput));
            // dX (B,In) += dY (B,Out) · W (Out,In)
            Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(dInput), In, ref dy, Out, 1,
                ref MemoryMarshal.GetReference(w), In, B, In, Out);
        }
        if (In < System.Numerics.Vector<float>.Count && Out >= System.Numerics.Vector<float>.Count && scratch.Length >= In * Out)
        {
            // narrow input (e.g. the 4 observation features): a GEMM over In columns would run on the
            // scalar remainder, so compute dWᵀ (In,Out) = Xᵀ (In,B) · dY (B,Out), vectorised over Out,
            // and add it back transposed
            var dWt = scratch[..(In * Out)];
            dWt.Clear();
            Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(dWt), Out, ref MemoryMarshal.GetReference(input), 1, In,
                ref dy, Out, In, Out, B);
            for (int i = 0; i < In; i++)
                for (int o = 0; o < Out; o++) dW[o * In + i] += dWt[i * Out + o];
        }
        else
        {
            // dW (Out,In) += dYᵀ (Out,B) · X (B,In): A(o,r) = dY[r·Out + o]
            Kernels.GemmUnchecked(ref MemoryMarshal.GetReference(dW), In, ref dy, 1, Out,
                ref MemoryMarshal.GetReference(input), In, Out, In, B);
        }
        for (int r = 0; r < B; r++) Kernels.Axpy(dB[..Out], 1f, dOutput.Slice(r * Out, Out));
    }

    /// <summary>Reference backward: plain loops.</summary>
    public static void BackwardScalar(Span<float> dInput, Span<float> dW, Span<float> dB, ReadOnlySpan<float> dOutput,
                                      ReadOnlySpan<float> input, ReadOnlySpan<float> w, int B, int In, int Out)
    {
        Validate(dOutput.Length, input.Length, w.Length, dB.Length, B, In, Out);
        for (int r = 0; r < B; r++)
            for (int o = 0; o < Out; o++)
            {
                float g = dOutput[r * Out + o];
                dB[o] += g;
                for (int i = 0; i < In; i++)
                {
                    dW[o * In + i] += g * input[r * In + i];
                    if (!dInput.IsEmpty) dInput[r * In + i] += g * w[o * In + i];
                }
            }
    }

    // Packing Wᵀ costs In·Out moves; it pays off once the batch fills the 4-row register tile and
    // the output is at least one vector wide (otherwise the dot form wastes no lanes).
    // Packing Wᵀ costs In·Out moves against B·In·Out multiply-adds: worth it from 16 rows, and only
    // when the output fills at least one vector (otherwise the dot form wastes no lanes).
    static bool UsePackedGemm(int B, int Out) => B >= 16 && Out >= System.Numerics.Vector<float>.Count;

    static void Validate(int outLen, int inLen, int wLen, int bLen, int B, int In, int Out)
    {
        ThrowHelper.RequireNonNegative(B, nameof(B));
        ThrowHelper.RequirePositive(In, nameof(In));
        ThrowHelper.RequirePositive(Out, nameof(Out));
        ThrowHelper.RequireLength(outLen, B * Out, "output");
        ThrowHelper.RequireLength(inLen, B * In, "input");
        ThrowHelper.RequireLength(wLen, Out * In, "w");
        ThrowHelper.RequireLength(bLen, Out, "b");
    }
}
