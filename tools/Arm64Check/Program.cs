// The golden replay on ARM64 (or wherever it runs): every Gymnasium episode and reset recorded in
// tests/Rein2.Pure.Tests/Golden replayed bit for bit (float32 observations, float64 rewards, the
// flags), NumPy's PCG64 streams (raw 64-bit words and doubles) for each recorded seed, and the
// PyTorch fixtures of the MLP (forward, dx, every dW/db) and of Adam, RMSprop and clip_grad_norm_,
// with the tolerances of the tests (MlpGoldenTests, OptimGoldenTests), and the four ONNX models torch
// exported (OnnxGoldenTests: the ONNX reader and the imported agents). Prints the
// SIMD path, one line per check and "arm64 check: N passed, M failed"; exit 0 only when all passed.
using System.IO.Compression;
using System.Text.Json;
using Rein2.Pure;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;
using Rein2.Pure.Rng;

string root = Path.Combine(AppContext.BaseDirectory, "Golden");
int passed = 0, failed = 0;
void Check(string what, Func<string?> run)
{
    string? problem;
    try { problem = run(); }
    catch (Exception e) { problem = $"{e.GetType().Name}: {e.Message}"; if (Environment.GetEnvironmentVariable("ARM64CHECK_TRACE") == "1") Console.WriteLine(e); }
    if (problem is null) { passed++; Console.WriteLine($"ok    {what}"); }
    else { failed++; Console.WriteLine($"FAIL  {what}: {problem}"); }
}

IEnumerable<JsonElement> Lines(string file)
{
    using var reader = new StreamReader(new GZipStream(File.OpenRead(Path.Combine(root, file + ".gz")), CompressionMode.Decompress));
    while (reader.ReadLine() is { } line)
        if (line.Length > 0) yield return JsonDocument.Parse(line).RootElement.Clone();
}

static float[] Floats(JsonElement e) => [.. e.EnumerateArray().Select(x => (float)x.GetDouble())];
static string? SameBits(float[] expected, float[] actual, string where)
{
    for (int i = 0; i < expected.Length; i++)
        if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            return $"{where}: obs[{i}] = {actual[i]:R}, expected {expected[i]:R}";
    return null;
}

Console.WriteLine($"{System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}; SIMD: {SimdPaths.Describe()}; AdvSimd {System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported}");

foreach (var id in EnvRegistry.Ids)
    Check($"{id}: every recorded Gymnasium episode", () =>
    {
        var envs = new Dictionary<int, Env>();
        int steps = 0;
        foreach (var e in Lines($"{id}.jsonl"))
        {
            int run = e.GetProperty("run").GetInt32();
            if (!envs.TryGetValue(run, out var env)) envs[run] = env = EnvRegistry.Make(id);
            var obs = new float[env.ObservationSize];
            var seed = e.GetProperty("seed");
            env.Reset(obs, seed.ValueKind == JsonValueKind.Null ? null : seed.GetUInt64());
            var expected = e.GetProperty("obs").EnumerateArray().Select(Floats).ToArray();
            if (SameBits(expected[0], obs, "reset") is string bad) return bad;
            var actions = e.GetProperty("actions").EnumerateArray().ToArray();
            var rewards = e.GetProperty("rewards").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            for (int t = 0; t < actions.Length; t++)
            {
                var r = actions[t].ValueKind == JsonValueKind.Array ? env.Step(Floats(actions[t]), obs) : env.Step(actions[t].GetInt32(), obs);
                if (SameBits(expected[t + 1], obs, $"run {run} step {t + 1}") is string wrong) return wrong;
                if (BitConverter.DoubleToInt64Bits(r.Reward) != BitConverter.DoubleToInt64Bits(rewards[t])) return $"run {run} step {t + 1}: reward {r.Reward:R}, expected {rewards[t]:R}";
                steps++;
            }
        }
        return steps > 0 ? null : "no steps replayed";
    });

Check("every recorded reset", () =>
{
    int n = 0;
    foreach (var e in Lines("resets.jsonl"))
    {
        var env = EnvRegistry.Make(e.GetProperty("env").GetString()!);
        var seed = e.GetProperty("seed");
        ulong s = seed.ValueKind == JsonValueKind.String ? ulong.Parse(seed.GetString()!) : seed.GetUInt64();
        var obs = new float[env.ObservationSize];
        env.Reset(obs, s);
        if (SameBits(Floats(e.GetProperty("obs")), obs, $"seed {s}") is string bad) return bad;
        n++;
    }
    return n > 0 ? null : "no resets";
});

Check("NumPy PCG64: raw words and doubles for every recorded seed", () =>
{
    using var gz = new GZipStream(File.OpenRead(Path.Combine(root, "rng.json.gz")), CompressionMode.Decompress);
    foreach (var e in JsonDocument.Parse(gz).RootElement.EnumerateArray())
    {
        ulong seed = e.GetProperty("seed").GetUInt64();
        var rng = new Pcg64(seed);
        foreach (var w in e.GetProperty("next_uint64").EnumerateArray())
            if (rng.NextUInt64() != ulong.Parse(w.GetString()!)) return $"seed {seed}: next_uint64 differs";
        var d = new Pcg64(seed);
        foreach (var x in e.GetProperty("random_double").EnumerateArray())
            if (BitConverter.DoubleToInt64Bits(d.NextDouble()) != BitConverter.DoubleToInt64Bits(x.GetDouble())) return $"seed {seed}: random_double differs";
    }
    return null;
});

JsonElement Json(string file)
{
    using var gz = new GZipStream(File.OpenRead(Path.Combine(root, file + ".gz")), CompressionMode.Decompress);
    return JsonDocument.Parse(gz).RootElement.Clone();
}
static float[] Flat(JsonElement e)
{
    var list = new List<float>();
    void Walk(JsonElement x) { if (x.ValueKind == JsonValueKind.Array) foreach (var c in x.EnumerateArray()) Walk(c); else list.Add((float)x.GetDouble()); }
    Walk(e);
    return [.. list];
}
static string? Close(ReadOnlySpan<float> actual, float[] expected, double rtol, double atol, string what)
{
    if (actual.Length != expected.Length) return $"{what}: {actual.Length} values, expected {expected.Length}";
    for (int i = 0; i < expected.Length; i++)
        if (!(Math.Abs(actual[i] - (double)expected[i]) <= atol + rtol * Math.Abs(expected[i]))) return $"{what}[{i}] = {actual[i]:R}, expected {expected[i]:R}";
    return null;
}

// MlpGoldenTests' tolerance: float32 sums of ≤ 256 products against PyTorch's float64
foreach (var c in Json("nn/mlp.json").GetProperty("cases").EnumerateArray())
    Check($"PyTorch MLP {c.GetProperty("name").GetString()}: forward, dx and every gradient", () =>
    {
        const double Rtol = 1e-4, Atol = 2e-5;
        var sizes = c.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var net = new Mlp(new MlpLayout(sizes, Activations.Parse(c.GetProperty("hidden_activation").GetString()!), Activations.Parse(c.GetProperty("output_activation").GetString()!)));
        int l = 0;
        foreach (var layer in c.GetProperty("layers").EnumerateArray())
        {
            Flat(layer.GetProperty("W")).CopyTo(net.Weight(l));
            Flat(layer.GetProperty("b")).CopyTo(net.Bias(l));
            l++;
        }
        var x = Flat(c.GetProperty("x"));
        var y = net.Forward(x, x.Length / net.Layout.InputSize);
        if (Close(y, Flat(c.GetProperty("y")), Rtol, Atol, "y") is string bad) return bad;
        var dx = new float[x.Length];
        net.ZeroGrad();
        net.Backward(Flat(c.GetProperty("dy")), dx);
        if (Close(dx, Flat(c.GetProperty("dx")), Rtol, Atol, "dx") is string badDx) return badDx;
        l = 0;
        foreach (var g in c.GetProperty("grads").EnumerateArray())
        {
            if (Close(net.Gradients.Slice(net.Layout.WeightOffset(l), net.Layout.Out(l) * net.Layout.In(l)), Flat(g.GetProperty("dW")), Rtol, Atol, $"dW{l}") is string w) return w;
            if (Close(net.Gradients.Slice(net.Layout.BiasOffset(l), net.Layout.Out(l)), Flat(g.GetProperty("db")), Rtol, Atol, $"db{l}") is string b) return b;
            l++;
        }
        return null;
    });

// OptimGoldenTests' tolerance: five float32 steps against PyTorch's float32
var optim = Json("nn/optim.json");
foreach (var (key, make) in new (string, Func<Action<float[], float[]>>)[]
{
    ("adam_lr3e-4_eps1e-5", () => { var a = new Adam(37, 3e-4, eps: 1e-5); return (p, g) => a.Update(p, g); }),
    ("adam_lr2.3e-3_eps1e-8_clip10", () => { var a = new Adam(37, 2.3e-3, eps: 1e-8); return (p, g) => a.Update(p, g); }),
    ("rmsprop_lr7e-4_alpha0.99_eps1e-5_clip0.5", () => { var r = new RmsProp(37, 7e-4, alpha: 0.99, eps: 1e-5); return (p, g) => r.Update(p, g); }),
})
    Check($"PyTorch optimizer {key}: five steps (and clip_grad_norm_)", () =>
    {
        var c = optim.GetProperty(key);
        var step = make();
        var p = Floats(c.GetProperty("p0"));
        var grads = c.GetProperty("grads").EnumerateArray().Select(Floats).ToArray();
        var after = c.GetProperty("params_after_each_step").EnumerateArray().Select(Floats).ToArray();
        var norms = c.GetProperty("grad_norms_before_clip").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        double? maxNorm = c.TryGetProperty("max_norm", out var mn) ? mn.GetDouble() : null;
        for (int t = 0; t < grads.Length; t++)
        {
            var g = (float[])grads[t].Clone();
            if (maxNorm is double m && Math.Abs(GradClip.ClipByGlobalNorm(g, m) - norms[t]) > 1e-6 * Math.Abs(norms[t])) return $"step {t + 1}: gradient norm differs";
            step(p, g);
            if (Close(p, after[t], 2e-6, 1e-7, $"params after step {t + 1}") is string bad) return bad;
        }
        return null;
    });

// OnnxGoldenTests: the torch-exported ONNX models loaded and acting as torch computed (actions
// exactly; the Gaussian's clipped mean with the tests' tolerance)
foreach (string file in Directory.GetFiles(Path.Combine(root, "onnx"), "*.json").Order())
    Check($"ONNX model {Path.GetFileNameWithoutExtension(file)}: torch's actions", () =>
    {
        var g = JsonDocument.Parse(File.ReadAllBytes(file)).RootElement;
        var agent = Rein2.Pure.Io.AgentFile.Load(Path.ChangeExtension(file, ".onnx"), EnvRegistry.Spec(g.GetProperty("env").GetString()!));
        var obs = g.GetProperty("obs").EnumerateArray().Select(Floats).ToArray();
        var expected = g.GetProperty("expected").GetProperty("action").EnumerateArray().ToArray();
        var action = new float[agent.ActionSpace.FlatSize];
        for (int i = 0; i < obs.Length; i++)
        {
            agent.Act(obs[i], action);
            if (expected[i].ValueKind == JsonValueKind.Number ? expected[i].GetInt64() != (long)action[0]
                : Close(action, Floats(expected[i]), 1e-5, 1e-6, $"row {i}") != null)
                return $"row {i}: action {string.Join(", ", action)}, torch {expected[i]}";
        }
        return null;
    });

Console.WriteLine($"arm64 check: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
