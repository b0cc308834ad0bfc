// NumPy's PCG64 bit generator (numpy/random/src/pcg64, PCG XSL-RR 128/64) and the Generator
// methods Gymnasium's classic-control environments use: random(), uniform(), integers().
// Seeding follows np.random.PCG64(SeedSequence(seed)), so Reset(seed) matches Gymnasium bit for bit.
// Reproduces tests/Rein2.Pure.Tests/Golden/rng.json.gz exactly.
namespace Rein2.Pure.Rng;

/// <summary>
/// A PCG64 generator bit-compatible with NumPy's <c>np.random.Generator(np.random.PCG64(seed))</c>.
/// A value type: copying it copies the stream state (used for checkpoints and for "peek" copies).
/// </summary>
public struct Pcg64
{
    // PCG_DEFAULT_MULTIPLIER_128 = 2549297995355413924 * 2^64 + 4865540595714422341
    const ulong MultiplierHigh = 2549297995355413924UL, MultiplierLow = 4865540595714422341UL;

    // the 128-bit state and increment as 64-bit halves (the hot path never needs UInt128 arithmetic)
    ulong _stateHi, _stateLo, _incHi, _incLo;
    // NumPy buffers the upper half of a 64-bit draw for the next 32-bit request (pcg64_next32).
    uint _uint32Buffer;
    bool _hasUint32;

    /// <summary>The 128-bit LCG state (NumPy's <c>bit_generator.state["state"]["state"]</c>).</summary>
    public readonly UInt128 State => new(_stateHi, _stateLo);
    /// <summary>The 128-bit odd increment (NumPy's <c>state["state"]["inc"]</c>).</summary>
    public readonly UInt128 Increment => new(_incHi, _incLo);

    /// <summary>Seeds as <c>np.random.PCG64(np.random.SeedSequence(seed))</c> does.</summary>
    public Pcg64(ulong seed)
    {
        Span<ulong> v = stackalloc ulong[4];
        SeedSequence.RootState64(seed, v);   // allocation-free: resets seed a generator per lane
        SeedFrom(v);
    }

    /// <summary>Seeds from a seed sequence: four 64-bit words become (initstate, initseq).</summary>
    public Pcg64(SeedSequence seq) => SeedFrom(seq.GenerateState64(4));

    // four 64-bit words become (initstate, initseq)
    void SeedFrom(ReadOnlySpan<ulong> v)
    {
        var initState = new UInt128(v[0], v[1]);
        var initSeq = new UInt128(v[2], v[3]);
        // pcg_setseq_128_srandom_r
        var inc = (initSeq << 1) | 1;
        _stateHi = 0; _stateLo = 0;
        _incHi = (ulong)(inc >> 64); _incLo = (ulong)inc;
        Step();
        var sum = new UInt128(_stateHi, _stateLo) + initState;
        _stateHi = (ulong)(sum >> 64); _stateLo = (ulong)sum;
        Step();
        _uint32Buffer = 0;
        _hasUint32 = false;
    }

    /// <summary>Restores a generator from a saved (state, increment) pair, e.g. from a checkpoint.</summary>
    public static Pcg64 FromState(UInt128 state, UInt128 increment, bool hasUint32 = false, uint uint32Buffer = 0)
    {
        if ((increment & 1) == 0) throw new ArgumentException($"PCG64 increment must be odd, got {increment}.", nameof(increment));
        return new Pcg64
        {
            _stateHi = (ulong)(state >> 64), _stateLo = (ulong)state, _incHi = (ulong)(increment >> 64), _incLo = (ulong)increment,
            _hasUint32 = hasUint32, _uint32Buffer = uint32Buffer,
        };
    }

    /// <summary>Whether a buffered 32-bit half is pending, and its value (for checkpoints).</summary>
    public readonly (bool HasUint32, uint Buffer) Uint32Buffer => (_hasUint32, _uint32Buffer);

    // state ← state·mult + inc (mod 2^128), spelled out on 64-bit halves: one 64×64→128 multiply,
    // two 64-bit multiplies and a carried add (the same value as UInt128 arithmetic, fewer steps)
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    void Step()
    {
        ulong pHi = Math.BigMul(_stateLo, MultiplierLow, out ulong pLo);
        pHi = unchecked(pHi + _stateLo * MultiplierHigh + _stateHi * MultiplierLow);
        ulong sLo = unchecked(pLo + _incLo);
        _stateHi = unchecked(pHi + _incHi + (sLo < _incLo ? 1UL : 0UL));
        _stateLo = sLo;
    }

    /// <summary>Next raw 64-bit output (step, then XSL-RR output of the new state).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        Step();
        // XSL-RR: xor the halves, rotate right by the top 6 bits
        return ulong.RotateRight(_stateHi ^ _stateLo, (int)(_stateHi >> 58));
    }

    /// <summary>Next 32-bit output; like NumPy, one 64-bit draw serves two calls (low half first).</summary>
    public uint NextUInt32()
    {
        if (_hasUint32) { _hasUint32 = false; return _uint32Buffer; }
        ulong next = NextUInt64();
        _hasUint32 = true;
        _uint32Buffer = (uint)(next >> 32);
        return (uint)next;
    }

    /// <summary><c>Generator.random()</c>: a double in [0, 1) from the top 53 bits.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary><c>Generator.uniform(low, high)</c> = low + (high − low)·random().</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A float in [0, 1) from the top 24 bits of a 32-bit draw (NumPy's <c>random(dtype=float32)</c>).</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1.0f / 16777216.0f);

    /// <summary>
    /// <c>Generator.integers(low, high)</c> for int64 results, high exclusive. NumPy's default
    /// Lemire method: ranges below 2^32 use buffered 32-bit draws, larger ones 64-bit draws.
    /// </summary>
    public long Integers(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"Integers needs low < high, got low={low}, high={high}.");
        ulong rng = (ulong)(high - low) - 1;
        if (rng == 0) return low;
        if (rng <= uint.MaxValue) return low + BoundedLemire32((uint)rng);
        return low + (long)BoundedLemire64(rng);
    }

    // buffered_bounded_lemire_uint32: uniform in [0, rng] inclusive.
    uint BoundedLemire32(uint rng)
    {
        uint rngExcl = rng + 1; // rng < 2^32 - 1 here unless full range
        if (rng == uint.MaxValue) return NextUInt32();
        ulong m = (ulong)NextUInt32() * rngExcl;
        uint leftover = (uint)m;
        if (leftover < rngExcl)
        {
            uint threshold = (uint)(-rngExcl) % rngExcl;
            while (leftover < threshold)
            {
                m = (ulong)NextUInt32() * rngExcl;
                leftover = (uint)m;
            }
        }
        return (uint)(m >> 32);
    }

    // bounded_lemire_uint64: uniform in [0, rng] inclusive.
    ulong BoundedLemire64(ulong rng)
    {
        if (rng == ulong.MaxValue) return NextUInt64();
        ulong rngExcl = rng + 1;
        UInt128 m = (UInt128)NextUInt64() * rngExcl;
        ulong leftover = (ulong)m;
        if (leftover < rngExcl)
        {
            ulong threshold = (0UL - rngExcl) % rngExcl;
            while (leftover < threshold)
            {
                m = (UInt128)NextUInt64() * rngExcl;
                leftover = (ulong)m;
            }
        }
        return (ulong)(m >> 64);
    }

    /// <summary>
    /// A standard normal sample by the Box–Muller transform on two <see cref="NextDouble"/> draws
    /// (one sample per call, no cached spare, so the state is just the PCG words). Exact and
    /// deterministic, but not NumPy's ziggurat: streams differ from <c>standard_normal()</c>.
    /// </summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1], so Log is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
