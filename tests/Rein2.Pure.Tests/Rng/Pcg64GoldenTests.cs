// NumPy's SeedSequence + PCG64 + Generator, reproduced exactly from Golden/rng.json.
using Rein2.Pure.Rng;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Rng;

public class Pcg64GoldenTests
{
    public static IEnumerable<object[]> Seeds()
    {
        using var doc = Golden.Json("rng.json");
        foreach (var e in doc.RootElement.EnumerateArray()) yield return [e.GetProperty("seed").U64()];
    }

    static System.Text.Json.JsonElement Case(ulong seed)
    {
        var doc = Golden.Json("rng.json");
        return doc.RootElement.EnumerateArray().Single(e => e.GetProperty("seed").U64() == seed);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void SeedSequenceStateMatchesNumPy(ulong seed)
    {
        var c = Case(seed);
        var expected = c.GetProperty("seed_sequence_state_u64x4").EnumerateArray().Select(x => x.U64()).ToArray();
        Assert.Equal(expected, new SeedSequence(seed).GenerateState64(4));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void AllocationFreeRootStateMatchesNumPy(ulong seed)
    {
        var c = Case(seed);
        var expected = c.GetProperty("seed_sequence_state_u64x4").EnumerateArray().Select(x => x.U64()).ToArray();
        var state = new ulong[4];
        SeedSequence.RootState64(seed, state);
        Assert.Equal(expected, state);
    }

    // seeds of one, two 32-bit words and the word boundary, against the allocating (list-based) port
    [Theory]
    [InlineData(0UL), InlineData(1UL), InlineData(0xFFFF_FFFFUL), InlineData(0x1_0000_0000UL), InlineData(ulong.MaxValue)]
    public void AllocationFreeRootStateEqualsTheGeneralSequence(ulong seed)
    {
        var state = new ulong[5];
        SeedSequence.RootState64(seed, state);
        Assert.Equal(new SeedSequence(seed).GenerateState64(5), state);
    }

    [Fact]
    public void SeedingFromAnIntegerAllocatesNothing()
    {
        ulong sum = 0;
        Allocations.AssertNonePerCall(n => { for (int s = 0; s < n; s++) sum += new Pcg64((ulong)s).NextUInt64(); }, 100);
        Assert.NotEqual(0UL, sum);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Pcg64StateAfterSeedingMatchesNumPy(ulong seed)
    {
        var c = Case(seed);
        var rng = new Pcg64(seed);
        Assert.Equal(c.GetProperty("pcg64_state").U128(), rng.State);
        Assert.Equal(c.GetProperty("pcg64_inc").U128(), rng.Increment);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RawOutputsMatchNumPy(ulong seed)
    {
        var c = Case(seed);
        var rng = new Pcg64(seed);
        foreach (var e in c.GetProperty("next_uint64").EnumerateArray()) Assert.Equal(e.U64(), rng.NextUInt64());
    }

    [Theory, MemberData(nameof(Seeds))]
    public void RandomDoublesMatchNumPyBitForBit(ulong seed)
    {
        var c = Case(seed);
        var rng = new Pcg64(seed);
        foreach (var e in c.GetProperty("random_double").EnumerateArray())
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.GetDouble()), BitConverter.DoubleToInt64Bits(rng.NextDouble()));
    }

    [Theory, MemberData(nameof(Seeds))]
    public void UniformMatchesNumPyBitForBit(ulong seed)
    {
        var c = Case(seed);
        var rng = new Pcg64(seed);
        foreach (var e in c.GetProperty("uniform_m005_005_x4").EnumerateArray())
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.GetDouble()), BitConverter.DoubleToInt64Bits(rng.Uniform(-0.05, 0.05)));
    }

    [Fact]
    public void CopyingTheStructForksTheStream()
    {
        var a = new Pcg64(7);
        a.NextUInt64();
        var b = a;
        Assert.Equal(a.NextUInt64(), b.NextUInt64());
        var restored = Pcg64.FromState(a.State, a.Increment);
        Assert.Equal(a.NextUInt64(), restored.NextUInt64());
    }

    [Fact]
    public void SpawnedStreamsDifferFromEachOtherAndFromTheRoot()
    {
        var root = new Pcg64(42).NextUInt64();
        var s0 = SeedStreams.For(42, StreamId.Init).NextUInt64();
        var s1 = SeedStreams.For(42, StreamId.Policy).NextUInt64();
        Assert.NotEqual(root, s0);
        Assert.NotEqual(s0, s1);
        Assert.Equal(s1, SeedStreams.For(42, StreamId.Policy).NextUInt64());
    }

    [Fact]
    public void EvenIncrementIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Pcg64.FromState(1, 2));
        Assert.Contains("odd", e.Message);
    }
}
