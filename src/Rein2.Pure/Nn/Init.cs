// Weight initialisers, bit-for-bit defined by our RNG (not by PyTorch's: the *distributions* match).
//  - TorchDefault: nn.Linear.reset_parameters — kaiming_uniform_(a=√5) on W gives U(±1/√fan_in),
//    and the bias is U(±1/√fan_in) too (torch/nn/modules/linear.py). SB3's DQN keeps this init.
//  - Orthogonal: nn.init.orthogonal_ — QR of a Gaussian matrix, with the sign correction
//    q·sign(diag(r)) that makes the factorisation unique; SB3's ortho_init uses it with gains √2,
//    0.01 (action head) and 1 (value head), biases 0.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Nn;

/// <summary>Initialisers for flat MLP buffers.</summary>
public static class Init
{
    /// <summary>PyTorch's default nn.Linear init for every layer, in layer order (W then b).</summary>
    public static void TorchDefault(Mlp net, ref Pcg64 rng)
    {
        for (int l = 0; l < net.Layout.LayerCount; l++)
        {
            double bound = 1.0 / Math.Sqrt(net.Layout.In(l));
            Uniform(net.Weight(l), -bound, bound, ref rng);
            Uniform(net.Bias(l), -bound, bound, ref rng);
        }
    }

    /// <summary>x[i] ~ U(low, high), drawn in order, rounded to float32.</summary>
    public static void Uniform(Span<float> x, double low, double high, ref Pcg64 rng)
    {
        for (int i = 0; i < x.Length; i++) x[i] = (float)rng.Uniform(low, high);
    }

    /// <summary>
    /// Orthogonal init of W (rows,cols) row-major, scaled by <paramref name="gain"/>: W·Wᵀ = gain²·I
    /// when rows ≤ cols, Wᵀ·W = gain²·I otherwise.
    /// </summary>
    public static void Orthogonal(Span<float> w, int rows, int cols, double gain, ref Pcg64 rng)
    {
        ThrowHelper.RequirePositive(rows, nameof(rows));
        ThrowHelper.RequirePositive(cols, nameof(cols));
        ThrowHelper.RequireLength(w.Length, rows * cols, nameof(w));
        // torch: flattened = normal(rows, cols); transposed when rows < cols so that it is tall (n ≥ m).
        int n = Math.Max(rows, cols), m = Math.Min(rows, cols);
        var g = new double[rows * cols];
        for (int i = 0; i < g.Length; i++) g[i] = rng.NextGaussian();
        // a (n,m) column-major: column j = a[j*n .. j*n+n)
        var a = new double[n * m];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double v = g[r * cols + c];
                if (rows >= cols) a[c * n + r] = v; else a[r * n + c] = v;
            }
        OrthonormalizeColumns(a, n, m);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                w[r * cols + c] = (float)(gain * (rows >= cols ? a[c * n + r] : a[r * n + c]));
    }

    // Modified Gram–Schmidt applied twice ("twice is enough") in float64. Each column is divided by a
    // positive norm, so R's diagonal is positive: exactly the sign-corrected Q of torch's orthogonal_.
    static void OrthonormalizeColumns(double[] a, int n, int m)
    {
        for (int j = 0; j < m; j++)
        {
            var cj = a.AsSpan(j * n, n);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < j; k++)
                {
                    var ck = a.AsSpan(k * n, n);
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += ck[i] * cj[i];
                    for (int i = 0; i < n; i++) cj[i] -= dot * ck[i];
                }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += cj[i] * cj[i];
            norm = Math.Sqrt(norm);
            if (norm == 0) throw new InvalidOperationException("Orthogonal init drew a rank-deficient Gaussian matrix.");
            for (int i = 0; i < n; i++) cj[i] /= norm;
        }
    }

    /// <summary>Orthogonal init of every layer of <paramref name="net"/> with its gain, biases to <paramref name="bias"/>.</summary>
    public static void Orthogonal(Mlp net, ReadOnlySpan<double> gains, ref Pcg64 rng, float bias = 0f)
    {
        if (gains.Length != net.Layout.LayerCount)
            throw new ArgumentException($"Need one gain per layer ({net.Layout.LayerCount}), got {gains.Length}.", nameof(gains));
        for (int l = 0; l < net.Layout.LayerCount; l++)
        {
            Orthogonal(net.Weight(l), net.Layout.Out(l), net.Layout.In(l), gains[l], ref rng);
            net.Bias(l).Fill(bias);
        }
    }
}
