// Reads the golden reference data carried in tests/Rein2.Pure.Tests/Golden (gzip-compressed JSON,
// copied beside the test assembly; provenance in Golden/README.md). A missing file is a loud
// failure, never a silent pass.
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Rein2.Pure.Tests.Support;

public static class Golden
{
    /// <summary>The folder the test project copies the data to.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Golden");

    /// <summary>The compressed file holding <paramref name="relative"/> (e.g. "nn/mlp.json").</summary>
    public static string PathOf(string relative)
    {
        string p = Path.Combine(Root, relative + ".gz");
        if (!File.Exists(p)) throw new InvalidOperationException($"Golden file missing: {p} (tests/Rein2.Pure.Tests/Golden is copied to the output by the test project).");
        return p;
    }

    /// <summary>The uncompressed bytes of a golden file.</summary>
    public static byte[] Bytes(string relative)
    {
        using var gz = new GZipStream(File.OpenRead(PathOf(relative)), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    /// <summary>Every line of a `sha256sum` listing (<paramref name="files"/> of them) matches the bytes <paramref name="bytesOf"/> gives for its name.</summary>
    public static void AssertRecorded(string sums, int files, Func<string, byte[]> bytesOf)
    {
        var lines = File.ReadAllLines(sums).Where(l => l.Length > 0).ToArray();
        Assert.Equal(files, lines.Length);
        foreach (var line in lines)
        {
            string expected = line[..64], name = line[64..].Trim();
            string actual = Convert.ToHexStringLower(SHA256.HashData(bytesOf(name)));
            Assert.True(expected == actual, $"{name}: SHA-256 {actual}, recorded {expected}");
        }
    }

    public static JsonDocument Json(string relative) => JsonDocument.Parse(Bytes(relative));

    public static IEnumerable<JsonDocument> JsonLines(string relative)
    {
        using var reader = new StreamReader(new MemoryStream(Bytes(relative)));
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return JsonDocument.Parse(line);
    }

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
