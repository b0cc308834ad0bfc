// The PPO and A2C minibatch losses of SB3 v2.4.1 (ppo/ppo.py and a2c/a2c.py, train()), forward and
// backward by hand. Given a minibatch (obs, actions, old log-probs, old values, advantages, returns):
//   PPO:  A ← (A − mean A)/(std A + 1e-8) (unbiased std, per minibatch, if normalize_advantage)
//         ratio = exp(log π(a|s) − log π_old);  pgLoss = −mean(min(A·ratio, A·clamp(ratio, 1±c)))
//   A2C:  pgLoss = −mean(A · log π(a|s))
//   value: v̂ = V(s)  or  V_old + clamp(V(s) − V_old, ±c_vf);  vLoss = mean((R − v̂)²)
//   entropy: entLoss = −mean(H)
//   loss = pgLoss + ent_coef·entLoss + vf_coef·vLoss
// The gradient of the loss is accumulated into the policy's flat gradient buffer.
using Rein2.Pure.Nn;

namespace Rein2.Pure.Algos;

/// <summary>Which loss and its coefficients.</summary>
/// <param name="IsPpo">PPO's clipped surrogate (else A2C's plain policy gradient).</param>
/// <param name="ClipRange">PPO's c (the current value of its schedule).</param>
/// <param name="ClipRangeVf">Value clipping range, or null for none (SB3's default).</param>
/// <param name="EntCoef">Entropy coefficient.</param>
/// <param name="VfCoef">Value-loss coefficient.</param>
/// <param name="NormalizeAdvantage">Normalise advantages per minibatch (PPO's default; A2C's is off).</param>
internal readonly record struct LossOptions(bool IsPpo, double ClipRange, double? ClipRangeVf, double EntCoef, double VfCoef, bool NormalizeAdvantage);

/// <summary>Scalars SB3 logs for one minibatch.</summary>
public readonly record struct LossStats(float PolicyLoss, float ValueLoss, float EntropyLoss, float Loss, float ApproxKl, float ClipFraction);

/// <summary>Computes the actor-critic loss and its gradient, with reusable workspaces.</summary>
internal sealed class ActorCriticLoss(ActorCriticPolicy policy)
{
    float[] _logp = [], _lp = [], _h = [], _adv = [], _dLp = [], _dH = [], _dHead = [], _dV = [], _vPred = [];
    int[] _actIdx = [];

    void Ensure(int B)
    {
        if (_lp.Length >= B) return;
        int head = B * policy.ActionDim;
        _logp = new float[head]; _dHead = new float[head];
        _lp = new float[B]; _h = new float[B]; _adv = new float[B]; _dLp = new float[B]; _dH = new float[B]; _dV = new float[B]; _vPred = new float[B];
        _actIdx = new int[B];
    }

    /// <summary>
    /// Forward and backward for one minibatch of <paramref name="B"/> rows. Discrete actions are
    /// passed as floats holding the index (as SB3's buffer stores them); Box actions as (B, d).
    /// Gradients are accumulated (call <see cref="ActorCriticPolicy.ZeroGrad"/> first).
    /// </summary>
    public LossStats Run(ReadOnlySpan<float> obs, ReadOnlySpan<float> actions, ReadOnlySpan<float> oldLogProb, ReadOnlySpan<float> oldValues,
                         ReadOnlySpan<float> advantages, ReadOnlySpan<float> returns, int B, in LossOptions o)
    {
        Ensure(B);
        int n = policy.ActionDim;
        var lp = _lp.AsSpan(0, B); var h = _h.AsSpan(0, B); var adv = _adv.AsSpan(0, B);

        // ---- forward: distribution and value ----
        var head = policy.Pi.Forward(obs, B);   // logits (B,n) or mean (B,d)
        var values = policy.Vf.Forward(obs, B); // (B,1)
        if (policy.IsDiscrete)
        {
            for (int i = 0; i < B; i++) _actIdx[i] = (int)actions[i];
            Categorical.LogSoftmax(_logp, head, B, n);
            Categorical.LogProbAndEntropy(lp, h, _logp, _actIdx.AsSpan(0, B), B, n);
        }
        else
        {
            DiagGaussian.LogProb(lp, head, policy.LogStd, actions, B, n);
            h.Fill(DiagGaussian.Entropy(policy.LogStd));
        }

        // ---- advantages (normalised per minibatch, torch's unbiased std, CPU accumulation in double) ----
        advantages[..B].CopyTo(adv);
        if (o.NormalizeAdvantage && B > 1)
        {
            double mean = 0; for (int i = 0; i < B; i++) mean += adv[i];
            mean /= B;
            double ss = 0; for (int i = 0; i < B; i++) { double d = adv[i] - mean; ss += d * d; }
            float m = (float)mean, sd = (float)Math.Sqrt(ss / (B - 1)) + 1e-8f;
            for (int i = 0; i < B; i++) adv[i] = (adv[i] - m) / sd;
        }

        // ---- policy loss and dL/dlogπ ----
        float invB = 1f / B;
        double pgSum = 0, klSum = 0; int clipped = 0;
        var dLp = _dLp.AsSpan(0, B);
        if (o.IsPpo)
        {
            float lo = (float)(1 - o.ClipRange), hi = (float)(1 + o.ClipRange), c = (float)o.ClipRange;
            for (int i = 0; i < B; i++)
            {
                float logRatio = lp[i] - oldLogProb[i];
                float ratio = MathF.Exp(logRatio);
                float pgLoss1 = adv[i] * ratio;
                // torch.clamp(r, lo, hi) = min(max(r, lo), hi): with SB3's slightly negative final clip
                // range (lo > hi) it collapses to hi, which Math.Clamp would reject
                float pgLoss2 = adv[i] * MathF.Min(MathF.Max(ratio, lo), hi);
                pgSum += MathF.Min(pgLoss1, pgLoss2);
                // torch.min passes the gradient to the smaller argument (half to each on ties); the
                // clamped branch only carries gradient inside [1−c, 1+c], where it equals the first
                dLp[i] = pgLoss1 <= pgLoss2 ? -invB * adv[i] * ratio : 0f;
                klSum += (ratio - 1f) - logRatio;
                if (MathF.Abs(ratio - 1f) > c) clipped++;
            }
        }
        else
            for (int i = 0; i < B; i++) { pgSum += adv[i] * lp[i]; dLp[i] = -invB * adv[i]; }
        float policyLoss = -(float)(pgSum / B);

        // ---- value loss and dL/dV ----
        double vSum = 0;
        var dV = _dV.AsSpan(0, B);
        float vfCoef = (float)o.VfCoef;
        for (int i = 0; i < B; i++)
        {
            float v = values[i], vPred = v, pass = 1f;
            if (o.ClipRangeVf is double cvf)
            {
                float diff = v - oldValues[i], cf = (float)cvf;
                vPred = oldValues[i] + Math.Clamp(diff, -cf, cf);
                pass = diff >= -cf && diff <= cf ? 1f : 0f;
            }
            float err = returns[i] - vPred;
            vSum += (double)err * err;
            dV[i] = vfCoef * (-2f * invB) * err * pass; // d mean((R − v̂)²)/dv
        }
        float valueLoss = (float)(vSum / B);

        // ---- entropy loss and dL/dH ----
        double hSum = 0; for (int i = 0; i < B; i++) hSum += h[i];
        float entropyLoss = -(float)(hSum / B);
        _dH.AsSpan(0, B).Fill((float)(-o.EntCoef) * invB);
        var dH = o.EntCoef != 0 ? _dH.AsSpan(0, B) : default;

        // ---- backward into the flat gradient buffer ----
        var dHead = _dHead.AsSpan(0, B * n);
        dHead.Clear();
        if (policy.IsDiscrete) Categorical.Backward(dHead, _logp, _actIdx.AsSpan(0, B), dLp, dH, B, n);
        else DiagGaussian.Backward(dHead, policy.LogStdGrad, head, policy.LogStd, actions, dLp, dH, B, n);
        policy.Pi.Backward(dHead);
        policy.Vf.Backward(dV);

        float loss = policyLoss + (float)o.EntCoef * entropyLoss + vfCoef * valueLoss;
        return new LossStats(policyLoss, valueLoss, entropyLoss, loss, (float)(klSum / B), clipped * invB);
    }
}
