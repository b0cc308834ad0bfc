// MLP forward and forward+backward for SB3's actor-critic size [4→64→64→2] (tanh) and the Zoo's DQN
// size [4→256→256→2] (ReLU, REIN-2's inner agent), at batch 1, 10, 64, 2048.
using BenchmarkDotNet.Attributes;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Bench;

public class MlpBench
{
    [Params("4-64-64-2", "4-256-256-2")] public string Shape = "";
    [Params(1, 10, 64, 2048)] public int Batch;

    Mlp _net = null!;
    float[] _x = [], _dy = [];

    [GlobalSetup]
    public void Setup()
    {
        var sizes = Shape.Split('-').Select(int.Parse).ToArray();
        _net = new Mlp(new MlpLayout(sizes, sizes[1] == 64 ? Activation.Tanh : Activation.Relu));
        var rng = new Pcg64(0);
        Init.TorchDefault(_net, ref rng);
        _x = new float[Batch * sizes[0]];
        _dy = new float[Batch * sizes[^1]];
        for (int i = 0; i < _x.Length; i++) _x[i] = (float)rng.Uniform(-1, 1);
        for (int i = 0; i < _dy.Length; i++) _dy[i] = (float)rng.Uniform(-1, 1);
        _net.EnsureCapacity(Batch);
    }

    [Benchmark]
    public float Forward() => _net.Forward(_x, Batch)[0];

    [Benchmark]
    public void ForwardBackward()
    {
        _net.Forward(_x, Batch);
        _net.Backward(_dy);
    }

    /// <summary>Floating-point operations of one call (2 per multiply-add).</summary>
    public static double Flops(string method, string shape, int batch)
    {
        var s = shape.Split('-').Select(int.Parse).ToArray();
        double fwd = 0, dx = 0;
        for (int l = 0; l + 1 < s.Length; l++)
        {
            fwd += 2.0 * s[l] * s[l + 1];
            if (l > 0) dx += 2.0 * s[l] * s[l + 1]; // no dInput for the first layer
        }
        // backward: dW costs as much as the forward, dX as much as every layer but the first
        return batch * (method == nameof(Forward) ? fwd : fwd + fwd + dx);
    }
}
