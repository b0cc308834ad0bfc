// MLP forward and every gradient against PyTorch (float64) in Golden/nn/mlp.json.
// Tolerance: we compute in float32. Each output is a sum of ≤ 256 products of O(1) float32 values,
// so the rounding error is bounded by about K·ε·Σ|terms| ≈ 256·6e-8 ≈ 1.5e-5 in the worst case
// and ~√K·ε ≈ 1e-6 typically; we allow 2e-5 absolute + 1e-4 relative.
using Rein2.Pure.Nn;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Nn;

public class MlpGoldenTests
{
    const double Rtol = 1e-4, Atol = 2e-5;

    public static IEnumerable<object[]> Cases()
    {
        using var doc = Golden.Json("nn/mlp.json");
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray()) yield return [c.GetProperty("name").GetString()!];
    }

    static (Mlp net, System.Text.Json.JsonElement c) Load(string name)
    {
        var doc = Golden.Json("nn/mlp.json");
        var c = doc.RootElement.GetProperty("cases").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var sizes = c.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var layout = new MlpLayout(sizes, Activations.Parse(c.GetProperty("hidden_activation").GetString()!),
                                   Activations.Parse(c.GetProperty("output_activation").GetString()!));
        var net = new Mlp(layout);
        int l = 0;
        foreach (var layer in c.GetProperty("layers").EnumerateArray())
        {
            layer.GetProperty("W").FlatFloats().CopyTo(net.Weight(l));
            layer.GetProperty("b").FlatFloats().CopyTo(net.Bias(l));
            l++;
        }
        return (net, c);
    }

    [Theory, MemberData(nameof(Cases))]
    public void ForwardMatchesPyTorch(string name)
    {
        var (net, c) = Load(name);
        var x = c.GetProperty("x").FlatFloats();
        int batch = x.Length / net.Layout.InputSize;
        var y = net.Forward(x, batch);
        Close.All(y, c.GetProperty("y").FlatDoubles(), Rtol, Atol, $"{name} y");
    }

    [Theory, MemberData(nameof(Cases))]
    public void EveryGradientMatchesPyTorch(string name)
    {
        var (net, c) = Load(name);
        var x = c.GetProperty("x").FlatFloats();
        int batch = x.Length / net.Layout.InputSize;
        net.Forward(x, batch);
        var dx = new float[x.Length];
        net.ZeroGrad();
        net.Backward(c.GetProperty("dy").FlatFloats(), dx);
        Close.All(dx, c.GetProperty("dx").FlatDoubles(), Rtol, Atol, $"{name} dx");
        int l = 0;
        foreach (var g in c.GetProperty("grads").EnumerateArray())
        {
            var gradW = net.Gradients.Slice(net.Layout.WeightOffset(l), net.Layout.Out(l) * net.Layout.In(l));
            var gradB = net.Gradients.Slice(net.Layout.BiasOffset(l), net.Layout.Out(l));
            Close.All(gradW, g.GetProperty("dW").FlatDoubles(), Rtol, Atol, $"{name} dW{l}");
            Close.All(gradB, g.GetProperty("db").FlatDoubles(), Rtol, Atol, $"{name} db{l}");
            l++;
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void BackwardAccumulatesIntoTheGradientBuffer(string name)
    {
        var (net, c) = Load(name);
        var x = c.GetProperty("x").FlatFloats();
        int batch = x.Length / net.Layout.InputSize;
        var dy = c.GetProperty("dy").FlatFloats();
        net.Forward(x, batch);
        net.ZeroGrad();
        net.Backward(dy);
        var once = net.Gradients.ToArray();
        net.Backward(dy);
        var twice = net.Gradients.ToArray();
        for (int i = 0; i < once.Length; i++) Assert.Equal(2 * once[i], twice[i], 1e-5f * (1 + Math.Abs(once[i])));
    }
}
