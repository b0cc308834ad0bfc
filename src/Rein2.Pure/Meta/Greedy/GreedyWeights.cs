// The weights of a two-hidden-layer ReLU Q-network, obs (d) → h → g → k, mirrored in the layouts the
// incremental greedy evaluator (IncrementalGreedy.cs) reads: the first layer with its bias as one
// (d+1, h) block, W2 transposed, W3 padded to GreedyRows.Heads rows. The arrays the hot loops stream
// through are 64-byte aligned. IncrementalGreedy writes them as single parameters change.
using Rein2.Pure.Nn;

namespace Rein2.Pure.Meta;

/// <summary>Weight mirrors of obs → ReLU → ReLU → identity, in the evaluator's layouts.</summary>
internal sealed class GreedyWeights
{
    /// <summary>Sizes: observation d, hidden h and g, actions k, and h in 64-bit words.</summary>
    public readonly int D, H, G, K, Words;
    /// <summary>(d+1, h): rows W1[:,i]ᵀ, then b1.</summary>
    public readonly AlignedFloats V;
    /// <summary>(h, g): W2ᵀ (|W2| is read back through MathF.Abs: one array, one random write per change).</summary>
    public readonly AlignedFloats W2t;
    /// <summary>(Heads, g): W3, rows past k zero.</summary>
    public readonly AlignedFloats W3;
    /// <summary>(Heads, g): |W3|.</summary>
    public readonly float[] AbsW3;
    /// <summary>b2 (g) and b3 (k).</summary>
    public readonly float[] B2, B3;

    public GreedyWeights(MlpLayout layout)
    {
        D = layout.InputSize; H = layout.Out(0); G = layout.Out(1); K = layout.OutputSize; Words = (H + 63) / 64;
        V = new AlignedFloats((D + 1) * H);
        W2t = new AlignedFloats(H * G);
        W3 = new AlignedFloats(GreedyRows.Heads * G); AbsW3 = new float[GreedyRows.Heads * G];
        B2 = new float[G]; B3 = new float[K];
    }
}
