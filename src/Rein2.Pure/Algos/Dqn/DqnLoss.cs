// SB3 v2.4.1 DQN gradient-step maths (dqn/dqn.py, train()), forward and backward by hand:
//   target  = r + (1 − done)·γ·max_a' Q_target(s', a')      (no gradient)
//   current = Q(s, a)
//   loss    = mean(smooth_l1(current − target))  with β = 1: ½x² if |x| < 1, else |x| − ½
// Vanilla DQN target (no double-DQN). "done" already has time-limit truncations removed (SB3's
// handle_timeout_termination), so truncated transitions bootstrap.
using Rein2.Pure.Nn;

namespace Rein2.Pure.Algos;

/// <summary>The DQN TD loss and its gradient, with reusable workspaces.</summary>
internal sealed class DqnLoss
{
    float[] _target = [], _dq = [];

    /// <summary>TD targets of the last <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Targets => _target;

    /// <summary>
    /// Computes the loss for a batch of <paramref name="B"/> transitions and accumulates its gradient
    /// into <paramref name="q"/>'s gradient buffer; returns the loss.
    /// </summary>
    public float Run(Mlp q, Mlp target, ReadOnlySpan<float> obs, ReadOnlySpan<float> nextObs, ReadOnlySpan<int> actions,
                     ReadOnlySpan<float> rewards, ReadOnlySpan<float> dones, double gamma, int B)
    {
        int nA = q.Layout.OutputSize;
        if (_target.Length != B) { _target = new float[B]; }
        if (_dq.Length != B * nA) _dq = new float[B * nA];
        float g = (float)gamma;
        // ---- target: r + (1 − done)·γ·max Q_target(s') ----
        var nextQ = target.Forward(nextObs, B);
        for (int i = 0; i < B; i++)
        {
            float max = float.NegativeInfinity;
            for (int a = 0; a < nA; a++) max = MathF.Max(max, nextQ[i * nA + a]);
            _target[i] = rewards[i] + (1f - dones[i]) * g * max;
        }
        // ---- current Q(s, a) and the Huber loss ----
        var qs = q.Forward(obs, B);
        double sum = 0;
        Array.Clear(_dq);
        float invB = 1f / B;
        for (int i = 0; i < B; i++)
        {
            int a = actions[i];
            if ((uint)a >= (uint)nA) throw new ArgumentOutOfRangeException(nameof(actions), a, $"Action {a} at row {i} is outside [0, {nA}).");
            float x = qs[i * nA + a] - _target[i];
            float ax = MathF.Abs(x);
            sum += ax < 1f ? 0.5f * x * x : ax - 0.5f;
            // d smooth_l1/dx = x inside (−1, 1), sign(x) outside; a NaN passes through (MathF.Sign would
            // throw) so that the trainer's divergence guard reports it
            _dq[i * nA + a] = (ax < 1f ? x : x > 0f ? 1f : x < 0f ? -1f : x) * invB;
        }
        q.Backward(_dq);
        return (float)(sum / B);
    }
}
