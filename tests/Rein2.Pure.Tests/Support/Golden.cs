// Locates ../shared/golden (beside the repository root) and reads its JSON. A missing folder is a
// loud failure, never a silent pass.
using System.Globalization;
using System.Text.Json;

namespace Rein2.Pure.Tests.Support;

public static class Golden
{
    static readonly Lazy<string> Root = new(FindRoot);

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Rein2.Pure.sln"))) dir = dir.Parent;
        if (dir == null) throw new InvalidOperationException($"Cannot find the repository root (Rein2.Pure.sln) above {AppContext.BaseDirectory}.");
        string golden = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "golden"));
        if (!Directory.Exists(golden))
            throw new InvalidOperationException($"Golden data folder not found at {golden}: the tests need ../shared/golden beside the repository.");
        return golden;
    }

    public static string PathOf(string relative)
    {
        string p = Path.Combine(Root.Value, relative);
        if (!File.Exists(p)) throw new InvalidOperationException($"Golden file missing: {p}");
        return p;
    }

    public static JsonDocument Json(string relative) => JsonDocument.Parse(File.ReadAllText(PathOf(relative)));

    public static IEnumerable<JsonDocument> JsonLines(string relative) =>
        File.ReadLines(PathOf(relative)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l));

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
    public static float[] Floats(this JsonElement e) => e.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    /// <summary>Flattens a nested array of numbers (row-major) into floats.</summary>
    public static float[] FlatFloats(this JsonElement e)
    {
        var list = new List<float>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) foreach (var c in x.EnumerateArray()) Walk(c);
            else list.Add((float)x.GetDouble());
        }
        Walk(e);
        return list.ToArray();
    }

    public static double[] FlatDoubles(this JsonElement e)
    {
        var list = new List<double>();
        void Walk(JsonElement x)
        {
            if (x.ValueKind == JsonValueKind.Array) foreach (var c in x.EnumerateArray()) Walk(c);
            else list.Add(x.GetDouble());
        }
        Walk(e);
        return list.ToArray();
    }

    public static ulong U64(this JsonElement e) => e.ValueKind == JsonValueKind.String
        ? ulong.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetUInt64();

    public static UInt128 U128(this JsonElement e) => UInt128.Parse(e.GetString()!, CultureInfo.InvariantCulture);
}
