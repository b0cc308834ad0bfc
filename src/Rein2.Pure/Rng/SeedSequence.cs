// NumPy's SeedSequence (numpy/random/bit_generator.pyx, NumPy 1.24), the hash that turns a user
// seed (any non-negative integer, plus an optional spawn key) into well-mixed generator state.
// Gymnasium seeds every environment through it: np.random.PCG64(np.random.SeedSequence(seed)).
// Reproduces tests/Rein2.Pure.Tests/Golden/rng.json.gz (seed_sequence_state_u64x4) exactly.
namespace Rein2.Pure.Rng;

/// <summary>
/// A port of NumPy's <c>SeedSequence</c>: a pool of four 32-bit words mixed from the seed's entropy
/// and spawn key. <see cref="GenerateState64"/> gives the words that seed <see cref="Pcg64"/>;
/// <see cref="Spawn"/> derives independent child sequences exactly as NumPy's <c>spawn</c> does.
/// </summary>
public sealed class SeedSequence
{
    const int PoolSize = 4;
    const uint InitA = 0x43b0d7e5, MultA = 0x931e8875;
    const uint InitB = 0x8b51f9dd, MultB = 0x58f38ded;
    const uint MixMultL = 0xca01f9dd, MixMultR = 0x4973f715;
    const int XShift = 16; // 32-bit words: 4 bytes * 8 / 2

    readonly uint[] _pool = new uint[PoolSize];

    /// <summary>The seed this sequence was built from.</summary>
    public UInt128 Entropy { get; }

    /// <summary>The spawn key (path of child indices from the root sequence); empty for a root.</summary>
    public IReadOnlyList<ulong> SpawnKey { get; }

    /// <summary>Builds <c>SeedSequence(entropy, spawn_key=spawnKey)</c>.</summary>
    public SeedSequence(UInt128 entropy, params ulong[] spawnKey)
    {
        Entropy = entropy;
        SpawnKey = (ulong[])spawnKey.Clone();
        MixEntropy(AssembleEntropy(entropy, spawnKey));
    }

    /// <summary>The i-th child of <c>SeedSequence(seed).spawn(n)</c>: spawn key extended by i.</summary>
    public SeedSequence Spawn(ulong childIndex)
    {
        var key = new ulong[SpawnKey.Count + 1];
        for (int i = 0; i < SpawnKey.Count; i++) key[i] = SpawnKey[i];
        key[^1] = childIndex;
        return new SeedSequence(Entropy, key);
    }

    // _get_assembled_entropy: the entropy as little-endian uint32 words (at least one word); when a
    // spawn key is present the entropy is zero-padded to the pool size, then the key's words follow.
    static List<uint> AssembleEntropy(UInt128 entropy, ulong[] spawnKey)
    {
        var words = IntToWords(entropy);
        if (spawnKey.Length > 0)
        {
            while (words.Count < PoolSize) words.Add(0);
            foreach (ulong k in spawnKey) words.AddRange(IntToWords(k));
        }
        return words;
    }

    // _int_to_uint32_array: 0 becomes [0]; otherwise 32-bit chunks, least significant first.
    static List<uint> IntToWords(UInt128 n)
    {
        var words = new List<uint>();
        if (n == 0) words.Add(0);
        while (n > 0) { words.Add((uint)(n & 0xFFFFFFFF)); n >>= 32; }
        return words;
    }

    static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst *= MultA;
        value *= hashConst;
        value ^= value >> XShift;
        return value;
    }

    static uint Mix(uint x, uint y)
    {
        uint result = MixMultL * x - MixMultR * y;
        result ^= result >> XShift;
        return result;
    }

    void MixEntropy(List<uint> entropy) => MixInto(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entropy), _pool);

    // mix_entropy: the pool from the assembled entropy words
    static void MixInto(ReadOnlySpan<uint> entropy, Span<uint> pool)
    {
        uint hashConst = InitA;
        for (int i = 0; i < PoolSize; i++)
            pool[i] = HashMix(i < entropy.Length ? entropy[i] : 0u, ref hashConst);
        for (int src = 0; src < PoolSize; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                if (src != dst)
                    pool[dst] = Mix(pool[dst], HashMix(pool[src], ref hashConst));
        for (int src = PoolSize; src < entropy.Length; src++)
            for (int dst = 0; dst < PoolSize; dst++)
                pool[dst] = Mix(pool[dst], HashMix(entropy[src], ref hashConst));
    }

    // generate_state(n, np.uint64) of a pool: pairs of 32-bit words, little-endian
    static void StateInto(ReadOnlySpan<uint> pool, Span<ulong> result)
    {
        uint hashConst = InitB;
        for (int i = 0; i < 2 * result.Length; i++)
        {
            uint v = pool[i % PoolSize];
            v ^= hashConst;
            hashConst *= MultB;
            v *= hashConst;
            v ^= v >> XShift;
            if ((i & 1) == 0) result[i >> 1] = v;
            else result[i >> 1] |= (ulong)v << 32;
        }
    }

    /// <summary>
    /// <c>SeedSequence(seed).generate_state(result.Length, np.uint64)</c> without allocating (a root
    /// sequence: no spawn key). Environment resets seed through this once per episode batch.
    /// </summary>
    public static void RootState64(ulong seed, Span<ulong> result)
    {
        Span<uint> entropy = stackalloc uint[2];
        entropy[0] = (uint)seed; entropy[1] = (uint)(seed >> 32);
        Span<uint> pool = stackalloc uint[PoolSize];
        MixInto(entropy[..(seed >> 32 == 0 ? 1 : 2)], pool);
        StateInto(pool, result);
    }

    /// <summary><c>generate_state(n, np.uint64)</c>: n 64-bit words (pairs of 32-bit words, little-endian).</summary>
    public ulong[] GenerateState64(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var result = new ulong[n];
        StateInto(_pool, result);
        return result;
    }
}
