// Batched CartPole-v1: structure-of-arrays state, Euler physics in Vector512<double> (8 lanes) with a
// scalar remainder. Trigonometry modes:
//   Exact — sin, cos and x**2 through libm per lane, everything else in SIMD with the scalar path's
//           operation order: bit-identical to CartPole (and so to Gymnasium).
//   Fast  — Vector512.SinCos and x·x: observations agree with the scalar path to ~1e-12 per step;
//           like any last-bit change in a chaotic system, long balanced episodes can drift apart.
using System.Runtime.Intrinsics;
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
public sealed class CartPoleVec : VecEnv
{
    readonly CartPoleParams _p = new();
    readonly double[] _x, _xDot, _theta, _thetaDot, _sin, _cos, _thetaDot2, _cos2, _force;

    /// <summary>Creates <paramref name="numEnvs"/> lanes.</summary>
    public CartPoleVec(int numEnvs, TrigMode mode = TrigMode.Exact) : base(numEnvs, mode, 4)
    {
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs]; _thetaDot2 = new double[numEnvs]; _cos2 = new double[numEnvs]; _force = new double[numEnvs];
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
    protected override void SyncLanes(Io.StateArchive a) { a.Sync(_x); a.Sync(_xDot); a.Sync(_theta); a.Sync(_thetaDot); }

    /// <inheritdoc/>
    protected override void Observe(int i, Span<float> obs)
    {
        obs[0] = (float)_x[i]; obs[1] = (float)_xDot[i]; obs[2] = (float)_theta[i]; obs[3] = (float)_thetaDot[i];
    }

    /// <inheritdoc/>
    protected override void ObserveAll(Span<float> obs)
    {
        for (int i = 0; i < _x.Length; i++)
        {
            obs[4 * i] = (float)_x[i]; obs[4 * i + 1] = (float)_xDot[i]; obs[4 * i + 2] = (float)_theta[i]; obs[4 * i + 3] = (float)_thetaDot[i];
        }
    }

    /// <inheritdoc/>
    protected override void StepLanes(ReadOnlySpan<int> actions)
    {
        int n = NumEnvs;
        for (int i = 0; i < n; i++) _force[i] = actions[i] == 1 ? _p.ForceMag : -_p.ForceMag;
        // ---- phase 1: transcendental inputs per lane ----
        int j = 0;
        if (Mode == TrigMode.Fast && Vector512.IsHardwareAccelerated)
            for (; j <= n - 8; j += 8)
            {
                var (s, c) = Vector512.SinCos(Vector512.Create(_theta.AsSpan(j, 8)));
                var td = Vector512.Create(_thetaDot.AsSpan(j, 8));
                s.CopyTo(_sin.AsSpan(j)); c.CopyTo(_cos.AsSpan(j)); (td * td).CopyTo(_thetaDot2.AsSpan(j)); (c * c).CopyTo(_cos2.AsSpan(j));
            }
        for (; j < n; j++)
        {
            var (sn, c) = Math.SinCos(_theta[j]);
            _cos[j] = c; _sin[j] = sn;
            _thetaDot2[j] = Mode == TrigMode.Exact ? PySquare.Of(_thetaDot[j]) : _thetaDot[j] * _thetaDot[j];
            _cos2[j] = Mode == TrigMode.Exact ? PySquare.Of(c) : c * c;
        }
        // ---- phase 2: Euler physics, same operation order as CartPole.Step ----
        int i0 = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i0 <= n - 8; i0 += 8) PhysicsVector(i0);
        for (; i0 < n; i0++) PhysicsScalar(i0);
    }

    void PhysicsScalar(int i)
    {
        double temp = (_force[i] + _p.PoleMassLength * _thetaDot2[i] * _sin[i]) / _p.TotalMass;
        double thetaacc = (_p.Gravity * _sin[i] - _cos[i] * temp) / (_p.Length * (4.0 / 3.0 - _p.MassPole * _cos2[i] / _p.TotalMass));
        double xacc = temp - _p.PoleMassLength * thetaacc * _cos[i] / _p.TotalMass;
        _x[i] = _x[i] + _p.Tau * _xDot[i];
        _xDot[i] = _xDot[i] + _p.Tau * xacc;
        _theta[i] = _theta[i] + _p.Tau * _thetaDot[i];
        _thetaDot[i] = _thetaDot[i] + _p.Tau * thetaacc;
        Rewards[i] = 1.0;
        Terminated[i] = _x[i] < -_p.XThreshold || _x[i] > _p.XThreshold || _theta[i] < -_p.ThetaThreshold || _theta[i] > _p.ThetaThreshold;
    }

    void PhysicsVector(int i)
    {
        var pml = Vector512.Create(_p.PoleMassLength); var tm = Vector512.Create(_p.TotalMass);
        var tau = Vector512.Create(_p.Tau);
        var sin = Vector512.Create(_sin.AsSpan(i, 8)); var cos = Vector512.Create(_cos.AsSpan(i, 8));
        var x = Vector512.Create(_x.AsSpan(i, 8)); var xDot = Vector512.Create(_xDot.AsSpan(i, 8));
        var theta = Vector512.Create(_theta.AsSpan(i, 8)); var thetaDot = Vector512.Create(_thetaDot.AsSpan(i, 8));
        var temp = (Vector512.Create(_force.AsSpan(i, 8)) + pml * Vector512.Create(_thetaDot2.AsSpan(i, 8)) * sin) / tm;
        var thetaacc = (Vector512.Create(_p.Gravity) * sin - cos * temp)
                       / (Vector512.Create(_p.Length) * (Vector512.Create(4.0 / 3.0) - Vector512.Create(_p.MassPole) * Vector512.Create(_cos2.AsSpan(i, 8)) / tm));
        var xacc = temp - pml * thetaacc * cos / tm;
        x += tau * xDot;
        theta += tau * thetaDot;
        x.CopyTo(_x.AsSpan(i));
        (xDot + tau * xacc).CopyTo(_xDot.AsSpan(i));
        theta.CopyTo(_theta.AsSpan(i));
        (thetaDot + tau * thetaacc).CopyTo(_thetaDot.AsSpan(i));
        var xt = Vector512.Create(_p.XThreshold); var tt = Vector512.Create(_p.ThetaThreshold);
        var term = Vector512.LessThan(x, -xt) | Vector512.GreaterThan(x, xt) | Vector512.LessThan(theta, -tt) | Vector512.GreaterThan(theta, tt);
        ulong mask = term.ExtractMostSignificantBits();
        for (int k = 0; k < 8; k++) { Terminated[i + k] = ((mask >> k) & 1) != 0; Rewards[i + k] = 1.0; }
    }
}
