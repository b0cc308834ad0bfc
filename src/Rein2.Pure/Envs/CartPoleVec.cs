// Batched CartPole-v1: structure-of-arrays state, Euler physics on packs of 8 (AVX-512) or 4 (AVX2)
// lanes — one generic step, compiled per width (DoubleLanes.cs) — with leftover lanes stepped by the
// scalar CartPole.Step. Trigonometry modes:
//   Exact — sin, cos and x**2 through libm per lane, everything else in SIMD with the scalar path's
//           operation order: bit-identical to CartPole (and so to Gymnasium).
//   Fast  — a small-angle polynomial sin/cos (DoubleLanes.SinCosSmall) and x·x: observations agree
//           with the scalar path to ~1e-12 per step;
//           like any last-bit change in a chaotic system, long balanced episodes can drift apart.
// Termination flags come out of one comparison bitmask per pack, and the observation rows
// (lane-major float32) are written by an in-register 4×8 transpose on AVX.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>How a batched environment computes its transcendental functions.</summary>
public enum TrigMode
{
    /// <summary>libm per lane: bit-identical to the scalar environment.</summary>
    Exact,
    /// <summary>Vectorised approximations: faster, last-bit differences.</summary>
    Fast,
}

/// <summary>A batch of CartPole-v1 environments.</summary>
internal sealed class CartPoleVec : VecEnv
{
    readonly CartPoleParams _p = new();
    readonly SimdPath _path;
    readonly double[] _x, _xDot, _theta, _thetaDot;
    readonly double[] _sin, _cos, _thetaDot2, _cos2; // Exact mode: libm results per lane

    /// <summary>Creates <paramref name="numEnvs"/> lanes; <paramref name="path"/> forces a SIMD width (tests compare them all).</summary>
    public CartPoleVec(int numEnvs, TrigMode mode = TrigMode.Exact, SimdPath path = SimdPath.Auto) : base(numEnvs, mode, 4)
    {
        _path = path != SimdPath.Auto ? path : Lanes8.IsAccelerated ? SimdPath.Vector512 : Lanes4.IsAccelerated ? SimdPath.Vector : SimdPath.Scalar;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs]; _thetaDot2 = new double[numEnvs]; _cos2 = new double[numEnvs];
    }

    /// <inheritdoc/>
    public override string Id => "CartPole-v1";
    /// <inheritdoc/>
    public override int ObservationSize => 4;
    /// <inheritdoc/>
    public override Space ActionSpace { get; } = new DiscreteSpace(2);
    /// <inheritdoc/>
    public override int MaxEpisodeSteps => 500;

    /// <inheritdoc/>
    protected override void ResetLane(int i, ref Pcg64 rng)
    {
        var s = CartPole.InitialState(ref rng);
        _x[i] = s.X; _xDot[i] = s.XDot; _theta[i] = s.Theta; _thetaDot[i] = s.ThetaDot;
    }

    /// <inheritdoc/>
    protected override void SyncLanes(Checkpoints.StateArchive a) { a.Sync(_x); a.Sync(_xDot); a.Sync(_theta); a.Sync(_thetaDot); }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs)
    {
        obs[0] = (float)_x[i]; obs[1] = (float)_xDot[i]; obs[2] = (float)_theta[i]; obs[3] = (float)_thetaDot[i];
    }

    /// <inheritdoc/>
    protected override void ObserveAll(Span<float> obs)
    {
        int i = 0, n = NumEnvs;
        if (Avx.IsSupported && _path != SimdPath.Scalar)
            for (; i <= n - 8; i += 8) ObserveRows8(i, obs.Slice(4 * i, 32));
        for (; i < n; i++) Observe(i, obs.Slice(4 * i, 4));
    }

    // (x, ẋ, θ, θ̇) of lanes i … i+7, converted to float32 and transposed to 8 rows of 4 in registers
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void ObserveRows8(int i, Span<float> rows)
    {
        var x = Narrow(_x, i); var v = Narrow(_xDot, i); var t = Narrow(_theta, i); var w = Narrow(_thetaDot, i);
        var xv02 = Avx.UnpackLow(x, v);   // x0 v0 x1 v1 | x4 v4 x5 v5
        var xv13 = Avx.UnpackHigh(x, v);  // x2 v2 x3 v3 | x6 v6 x7 v7
        var tw02 = Avx.UnpackLow(t, w);
        var tw13 = Avx.UnpackHigh(t, w);
        var r04 = Avx.Shuffle(xv02, tw02, 0b01_00_01_00); // lane 0 | lane 4
        var r15 = Avx.Shuffle(xv02, tw02, 0b11_10_11_10); // lane 1 | lane 5
        var r26 = Avx.Shuffle(xv13, tw13, 0b01_00_01_00);
        var r37 = Avx.Shuffle(xv13, tw13, 0b11_10_11_10);
        Avx.Permute2x128(r04, r15, 0x20).CopyTo(rows);
        Avx.Permute2x128(r26, r37, 0x20).CopyTo(rows[8..]);
        Avx.Permute2x128(r04, r15, 0x31).CopyTo(rows[16..]);
        Avx.Permute2x128(r26, r37, 0x31).CopyTo(rows[24..]);
    }

    // 8 doubles → 8 floats, rounded to nearest as (float) casts are
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Narrow(double[] a, int i) =>
        Vector256.Create(Avx.ConvertToVector128Single(Vector256.Create(a.AsSpan(i, 4))), Avx.ConvertToVector128Single(Vector256.Create(a.AsSpan(i + 4, 4))));

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        int n = NumEnvs;
        LaneRewards.Fill(1.0); // CartPole's reward is always 1
        int done = _path switch
        {
            SimdPath.Vector512 => StepPacks<Lanes8>(actions),
            SimdPath.Vector => StepPacks<Lanes4>(actions),
            _ => 0,
        };
        for (int i = done; i < n; i++) // leftover lanes: the scalar step (exact in both modes)
        {
            var s = new CartPoleState { X = _x[i], XDot = _xDot[i], Theta = _theta[i], ThetaDot = _thetaDot[i] };
            LaneTerminated[i] = CartPole.Step(in _p, ref s, actions[i]);
            _x[i] = s.X; _xDot[i] = s.XDot; _theta[i] = s.Theta; _thetaDot[i] = s.ThetaDot;
        }
    }

    // Steps every whole pack of T.Count lanes; returns how many lanes that covered.
    int StepPacks<T>(ReadOnlySpan<int> actions) where T : struct, IDoubleLanes<T>
    {
        int packed = NumEnvs - NumEnvs % T.Count;
        // Fast mode's polynomial covers |θ| ≤ 0.25, which a running episode never leaves (it ends past
        // ±12°); any other state (set from outside) takes libm's values for this step instead. Deciding
        // once per step keeps the call to a general SinCos, and the register spills it forces, out of
        // the pack loop.
        bool poly = Mode == TrigMode.Fast;
        for (int j = 0; j < packed && poly; j += T.Count) poly = T.Outside(T.Load(_theta, j), DoubleLanes.SmallAngle) == 0;
        if (!poly)
            for (int j = 0; j < packed; j++)
            {
                var (sn, c) = Math.SinCos(_theta[j]);
                _sin[j] = sn; _cos[j] = c; _thetaDot2[j] = PySquare.Of(_thetaDot[j]); _cos2[j] = PySquare.Of(c);
            }
        for (int i = 0; i < packed; i += T.Count) Physics<T>(i, actions, poly);
        return packed;
    }

    // CartPole.Step on T.Count lanes, same operation order. Fast mode multiplies by 1/total_mass
    // where Exact divides (a last-bit difference, like its sin/cos).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void Physics<T>(int i, ReadOnlySpan<int> actions, bool poly) where T : struct, IDoubleLanes<T>
    {
        bool fast = Mode == TrigMode.Fast;
        // force = ±force_mag for action 1/0: a·2f − f is exact for a ∈ {0, 1}
        var force = T.FromInts(actions, i) * T.Splat(2 * _p.ForceMag) - T.Splat(_p.ForceMag);
        var theta = T.Load(_theta, i); var thetaDot = T.Load(_thetaDot, i);
        T sin, cos, thetaDot2, cos2;
        if (poly) { (sin, cos) = DoubleLanes.SinCosSmall(theta); thetaDot2 = thetaDot * thetaDot; cos2 = cos * cos; }
        else { sin = T.Load(_sin, i); cos = T.Load(_cos, i); thetaDot2 = T.Load(_thetaDot2, i); cos2 = T.Load(_cos2, i); }
        var pml = T.Splat(_p.PoleMassLength); var tm = T.Splat(_p.TotalMass); var invTm = T.Splat(1 / _p.TotalMass); var tau = T.Splat(_p.Tau);
        var temp = fast ? (force + pml * thetaDot2 * sin) * invTm : (force + pml * thetaDot2 * sin) / tm;
        var massTerm = fast ? T.Splat(_p.MassPole) * cos2 * invTm : T.Splat(_p.MassPole) * cos2 / tm;
        var thetaacc = (T.Splat(_p.Gravity) * sin - cos * temp) / (T.Splat(_p.Length) * (T.Splat(4.0 / 3.0) - massTerm));
        var xacc = temp - (fast ? pml * thetaacc * cos * invTm : pml * thetaacc * cos / tm);
        var xDot = T.Load(_xDot, i);
        var x = T.Load(_x, i) + tau * xDot;
        theta = theta + tau * thetaDot;
        x.Store(_x, i); (xDot + tau * xacc).Store(_xDot, i);
        theta.Store(_theta, i); (thetaDot + tau * thetaacc).Store(_thetaDot, i);
        LaneFlags.Write(LaneTerminated, i, T.Outside(x, _p.XThreshold) | T.Outside(theta, _p.ThetaThreshold), T.Count);
    }
}
