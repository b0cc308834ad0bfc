// The golden replay on ARM64 (or wherever it runs): every Gymnasium episode and reset recorded in
// tests/Rein2.Pure.Tests/Golden replayed bit for bit (float32 observations, float64 rewards, the
// flags), and NumPy's PCG64 streams (raw 64-bit words and doubles) for each recorded seed. Prints the
// SIMD path, one line per check and "arm64 check: N passed, M failed"; exit 0 only when all passed.
using System.IO.Compression;
using System.Text.Json;
using Rein2.Pure;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

string root = Path.Combine(AppContext.BaseDirectory, "Golden");
int passed = 0, failed = 0;
void Check(string what, Func<string?> run)
{
    string? problem;
    try { problem = run(); }
    catch (Exception e) { problem = $"{e.GetType().Name}: {e.Message}"; }
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

Console.WriteLine($"arm64 check: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
