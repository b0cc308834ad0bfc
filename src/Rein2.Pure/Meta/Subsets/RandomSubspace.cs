// A subset chosen for a reason: a random subspace through the initialisation, θ = θ₀ + P·z (Li et al.
// 2018, "Measuring the Intrinsic Dimension of Objective Landscapes"): the meta-action z has d
// dimensions but moves every weight, so no part of the network is out of reach — where the RBV fixes
// 99 % of the weights at their random values. P is dense and Gaussian, fixed by the run's subset
// stream; its entries for a weight of layer l are N(0, 1)·s_l/√d with s_l = 1/√fan_in(l), PyTorch's
// initialisation scale for that layer, so a z with every component ±1 moves each weight by about
// its own initial size (Li et al. train z by gradient with no box; here the box [−bound, bound]^d
// decides the reach). Offsets only (θ₀ + P·z): bound_mode absolute has no meaning here. Writing a
// candidate is one (d+1) × P affine map (Kernels/Affine.cs, the last row holds θ₀): P·d multiply-adds,
// ≈ 6.8 M for CartPole's [256, 256] Q-network at d = 100, which every evaluation pays.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Meta;

/// <summary>θ = θ₀ + P·z over every weight, z of <see cref="Dimension"/> values.</summary>
public sealed class RandomSubspace : IWeightSubset
{
    readonly int[] _indices;
    readonly float[] _map;   // (d + 1) × P: row i is column i of P, the last row θ₀
    readonly int _d;

    /// <summary>A subspace of subspace_dim dimensions through the context's θ₀.</summary>
    public RandomSubspace(WeightSubsetContext context)
    {
        var L = context.Layout;
        int p = L.ParameterCount;
        _d = context.Options.SubspaceDim;
        if (_d < 1) throw new InvalidSettingException($"subspace_dim={_d} is out of range; allowed: 1 … {Rein2Options.MaxSubspaceDim}.");
        _indices = [.. Enumerable.Range(0, p)];
        // each parameter's scale: 1/√fan_in of its layer, over √d
        var scale = new float[p];
        for (int l = 0; l < L.LayerCount; l++)
        {
            float s = (float)(1.0 / Math.Sqrt(L.In(l)) / Math.Sqrt(_d));
            scale.AsSpan(L.WeightOffset(l), L.In(l) * L.Out(l)).Fill(s);
            scale.AsSpan(L.BiasOffset(l), L.Out(l)).Fill(s);
        }
        long n = (long)(_d + 1) * p;
        if (n > Array.MaxLength) throw new InvalidSettingException($"subspace_dim={_d} over {p:N0} parameters needs {n:N0} floats, more than one array holds.");
        _map = new float[n];
        var rng = context.Generator;
        for (int i = 0; i < _d; i++)
            for (int j = 0; j < p; j++) _map[(long)i * p + j] = (float)rng.NextGaussian() * scale[j];
        context.InitialParameters.AsSpan(0, p).CopyTo(_map.AsSpan(_d * p, p));
    }

    /// <inheritdoc/>
    public string Name => "subspace";

    /// <inheritdoc/>
    public int Dimension => _d;

    /// <inheritdoc/>
    public ReadOnlySpan<int> Indices => _indices;

    /// <summary>z₀ = 0: the initialisation itself.</summary>
    public void Start(Span<float> action) => action[.._d].Clear();

    /// <inheritdoc/>
    public void Write(ReadOnlySpan<float> action, Span<float> values) =>
        Kernels.Affine(values[.._indices.Length], _map, _indices.Length, action[.._d]);
}
