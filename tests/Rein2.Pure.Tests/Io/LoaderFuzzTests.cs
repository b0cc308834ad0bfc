// Every loader fed FsCheck-generated garbage and mutated valid files (bit flips, truncations,
// extensions): each input is rejected with InvalidDataException, or — when untouched — loads
// identically. Never another exception type, never garbage weights.
using FsCheck.Xunit;
using Rein2.Pure.Algos;
using Rein2.Pure.Io;
using Rein2.Pure.Rng;
using Rein2.Pure.Rein2;

namespace Rein2.Pure.Tests.Io;

public class LoaderFuzzTests
{
    static readonly Lazy<(string Dir, byte[] Agent, float[] Params)> Valid = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var q = new QNetwork(4, 2, [8, 8]);
        var rng = new Pcg64(1);
        q.InitializeTorchDefault(ref rng);
        string path = Path.Combine(dir, "valid.agent");
        AgentFile.Save(path, "CartPole-v1", q);
        return (dir, File.ReadAllBytes(path), q.Net.Parameters.ToArray());
    });

    static void LoadMustRejectOrMatch(byte[] bytes, bool untouched)
    {
        string path = Path.Combine(Valid.Value.Dir, $"{Guid.NewGuid():N}.agent");
        File.WriteAllBytes(path, bytes);
        try
        {
            var (env, q) = AgentFile.Load(path);
            Assert.True(untouched, "a damaged file was accepted");
            Assert.Equal("CartPole-v1", env);
            Assert.Equal(Valid.Value.Params, q.Net.Parameters.ToArray());
        }
        catch (InvalidDataException e)
        {
            Assert.False(untouched, $"the valid file was rejected: {e.Message}");
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    [Property(MaxTest = 200)]
    public void RandomBytesAreRejected(byte[] garbage) => LoadMustRejectOrMatch(garbage ?? [], untouched: false);

    [Property(MaxTest = 300)]
    public void BitFlipsAreRejected(ushort position, byte bit)
    {
        var b = (byte[])Valid.Value.Agent.Clone();
        b[position % b.Length] ^= (byte)(1 << (bit % 8));
        LoadMustRejectOrMatch(b, untouched: false);
    }

    [Property(MaxTest = 200)]
    public void TruncationsAndExtensionsAreRejected(ushort cut, byte[] extra)
    {
        var v = Valid.Value.Agent;
        LoadMustRejectOrMatch(v[..(cut % v.Length)], untouched: false);
        if (extra is { Length: > 0 }) LoadMustRejectOrMatch([.. v, .. extra], untouched: false);
    }

    [Fact]
    public void TheUntouchedFileLoadsIdentically() => LoadMustRejectOrMatch(Valid.Value.Agent, untouched: true);

    [Property(MaxTest = 100)]
    public void ConfigParserRejectsGarbageByName(string key, string value)
    {
        // any single unknown or invalid setting is an ArgumentException, never something else
        try { Rein2Keys.Set(new Rein2Options(), key ?? "", value ?? ""); }
        catch (ArgumentException) { }
    }
}
