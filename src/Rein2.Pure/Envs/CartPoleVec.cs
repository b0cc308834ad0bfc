// B copies of CartPole-v1 stepped at once, state as structure-of-arrays, physics in Vector512<double>
// (8 lanes) with a scalar remainder. Lane i is seeded with seed + i (as Gymnasium's vector envs do)
// and auto-resets in the same step, SB3-style: the finished lane's last observation is kept in
// FinalObservations (needed to bootstrap truncated episodes) and Observations holds the new reset.
// Trigonometry modes:
//   Exact — sin, cos and x**2 through libm per lane, everything else in SIMD with the scalar path's
//           operation order: bit-identical to CartPole (and so to Gymnasium).
//   Fast  — Vector512.SinCos and x·x: observations agree with the scalar path to ~1e-12 per step;
//           like any last-bit change in a chaotic system, long balanced episodes can drift apart.
using System.Runtime.CompilerServices;
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

/// <summary>A batch of CartPole-v1 environments with same-step auto-reset.</summary>
public sealed class CartPoleVec
{
    readonly CartPoleParams _p = new();
    readonly double[] _x, _xDot, _theta, _thetaDot, _sin, _cos, _thetaDot2, _cos2, _force;
    readonly Pcg64[] _rngs;
    readonly int[] _steps;

    /// <summary>Number of lanes.</summary>
    public int NumEnvs { get; }
    /// <summary>Trigonometry mode.</summary>
    public TrigMode Mode { get; }
    /// <summary>Current observations (B,4); after a finished lane's step, its reset observation.</summary>
    public float[] Observations { get; }
    /// <summary>The last observation of lanes whose episode ended in the last step (B,4).</summary>
    public float[] FinalObservations { get; }
    /// <summary>Rewards of the last step.</summary>
    public double[] Rewards { get; }
    /// <summary>Terminated flags of the last step.</summary>
    public bool[] Terminated { get; }
    /// <summary>Truncated (time limit) flags of the last step.</summary>
    public bool[] Truncated { get; }
    /// <summary>Steps taken in each lane's current episode.</summary>
    public ReadOnlySpan<int> ElapsedSteps => _steps;

    /// <summary>Creates <paramref name="numEnvs"/> lanes.</summary>
    public CartPoleVec(int numEnvs, TrigMode mode = TrigMode.Exact)
    {
        ThrowHelper.RequirePositive(numEnvs, nameof(numEnvs));
        NumEnvs = numEnvs; Mode = mode;
        _x = new double[numEnvs]; _xDot = new double[numEnvs]; _theta = new double[numEnvs]; _thetaDot = new double[numEnvs];
        _sin = new double[numEnvs]; _cos = new double[numEnvs]; _thetaDot2 = new double[numEnvs]; _cos2 = new double[numEnvs]; _force = new double[numEnvs];
        _rngs = new Pcg64[numEnvs]; _steps = new int[numEnvs];
        Observations = new float[numEnvs * 4]; FinalObservations = new float[numEnvs * 4];
        Rewards = new double[numEnvs]; Terminated = new bool[numEnvs]; Truncated = new bool[numEnvs];
    }

    /// <summary>Resets every lane; lane i with seed + i (wrapping at 2^64).</summary>
    public void Reset(ulong seed)
    {
        for (int i = 0; i < NumEnvs; i++)
        {
            _rngs[i] = new Pcg64(unchecked(seed + (ulong)i));
            ResetLane(i);
        }
    }

    void ResetLane(int i)
    {
        var s = CartPole.InitialState(ref _rngs[i]);
        _x[i] = s.X; _xDot[i] = s.XDot; _theta[i] = s.Theta; _thetaDot[i] = s.ThetaDot;
        _steps[i] = 0;
        WriteObs(Observations, i);
    }

    void WriteObs(float[] dst, int i)
    {
        dst[4 * i] = (float)_x[i]; dst[4 * i + 1] = (float)_xDot[i]; dst[4 * i + 2] = (float)_theta[i]; dst[4 * i + 3] = (float)_thetaDot[i];
    }

    /// <summary>Steps every lane with its action (0 or 1), auto-resetting finished lanes.</summary>
    public void Step(ReadOnlySpan<int> actions)
    {
        if (actions.Length != NumEnvs) throw new ArgumentException($"Need {NumEnvs} actions, got {actions.Length}.", nameof(actions));
        int n = NumEnvs;
        for (int i = 0; i < n; i++)
        {
            int a = actions[i];
            if ((uint)a > 1) throw new ArgumentOutOfRangeException(nameof(actions), a, $"Action {a} of lane {i} is outside Discrete(2): allowed 0 … 1.");
            _force[i] = a == 1 ? _p.ForceMag : -_p.ForceMag;
        }
        // ---- phase 1: transcendental inputs per lane ----
        if (Mode == TrigMode.Exact)
            for (int i = 0; i < n; i++)
            {
                double c = Math.Cos(_theta[i]);
                _cos[i] = c; _sin[i] = Math.Sin(_theta[i]);
                _thetaDot2[i] = Math.Pow(_thetaDot[i], 2); _cos2[i] = Math.Pow(c, 2);
            }
        else
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= n - 8; i += 8)
                {
                    var (s, c) = Vector512.SinCos(Vector512.Create(_theta.AsSpan(i, 8)));
                    var td = Vector512.Create(_thetaDot.AsSpan(i, 8));
                    s.CopyTo(_sin.AsSpan(i)); c.CopyTo(_cos.AsSpan(i)); (td * td).CopyTo(_thetaDot2.AsSpan(i)); (c * c).CopyTo(_cos2.AsSpan(i));
                }
            for (; i < n; i++)
            {
                double c = Math.Cos(_theta[i]);
                _cos[i] = c; _sin[i] = Math.Sin(_theta[i]); _thetaDot2[i] = _thetaDot[i] * _thetaDot[i]; _cos2[i] = c * c;
            }
        }
        // ---- phase 2: Euler physics, same operation order as CartPole.Step ----
        int j = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; j <= n - 8; j += 8) PhysicsVector(j);
        for (; j < n; j++) PhysicsScalar(j);
        // ---- phase 3: flags, observations, same-step auto-reset ----
        for (int i = 0; i < n; i++)
        {
            bool term = _x[i] < -_p.XThreshold || _x[i] > _p.XThreshold || _theta[i] < -_p.ThetaThreshold || _theta[i] > _p.ThetaThreshold;
            _steps[i]++;
            Rewards[i] = 1.0;
            Terminated[i] = term;
            Truncated[i] = _steps[i] >= 500;
            if (term || Truncated[i]) { WriteObs(FinalObservations, i); ResetLane(i); }
            else WriteObs(Observations, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void PhysicsScalar(int i)
    {
        double temp = (_force[i] + _p.PoleMassLength * _thetaDot2[i] * _sin[i]) / _p.TotalMass;
        double thetaacc = (_p.Gravity * _sin[i] - _cos[i] * temp) / (_p.Length * (4.0 / 3.0 - _p.MassPole * _cos2[i] / _p.TotalMass));
        double xacc = temp - _p.PoleMassLength * thetaacc * _cos[i] / _p.TotalMass;
        _x[i] = _x[i] + _p.Tau * _xDot[i];
        _xDot[i] = _xDot[i] + _p.Tau * xacc;
        _theta[i] = _theta[i] + _p.Tau * _thetaDot[i];
        _thetaDot[i] = _thetaDot[i] + _p.Tau * thetaacc;
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
        (x + tau * xDot).CopyTo(_x.AsSpan(i));
        (xDot + tau * xacc).CopyTo(_xDot.AsSpan(i));
        (theta + tau * thetaDot).CopyTo(_theta.AsSpan(i));
        (thetaDot + tau * thetaacc).CopyTo(_thetaDot.AsSpan(i));
    }
}
