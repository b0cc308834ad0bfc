// The hand-written PPO/A2C and DQN gradients against central finite differences of the same loss on
// random policies and minibatches, distribution log-probs/entropies against closed forms, and GAE
// with λ = 1 against discounted returns. FD is taken on the float32 loss with h = 1e-3·(1+|θ|):
// rounding noise ≈ 1e-7/1e-3 = 1e-4, so we compare the largest-gradient coordinates (|g| ≥ 0.02)
// at 3 % relative. Ratios are kept inside the clip range (no kinks within h).
using FsCheck.Xunit;
using Rein2.Pure.Algos;
using Rein2.Pure.Envs;
using Rein2.Pure.Nn;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Tests.Algos;

public class LossProperties
{
    [Property(MaxTest = 12)]
    public void ActorCriticGradientsMatchFiniteDifferences(ulong seed, bool ppo, bool gaussian, bool clipVf)
    {
        var rng = new Pcg64(seed);
        Space space = gaussian ? new BoxSpace([-2f, -2f], [2f, 2f]) : new DiscreteSpace(3);
        var policy = new ActorCriticPolicy(4, space, [16, 16]);
        var init = new Pcg64(seed + 1);
        policy.InitializeSb3(ref init, -0.3f);
        for (int i = 0; i < policy.Parameters.Length; i++) policy.Parameters[i] += (float)rng.Uniform(-0.3, 0.3); // break the tiny action-head gain
        int B = 12, k = gaussian ? 2 : 1;
        var obs = new float[B * 4]; var actions = new float[B * k]; var adv = new float[B]; var ret = new float[B]; var oldV = new float[B];
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)rng.Uniform(-1, 1);
        for (int i = 0; i < B * k; i++) actions[i] = gaussian ? (float)rng.Uniform(-1, 1) : (int)rng.Integers(0, 3);
        for (int i = 0; i < B; i++) { adv[i] = (float)rng.Uniform(-1, 1); ret[i] = (float)rng.Uniform(-1, 1); oldV[i] = (float)rng.Uniform(-0.2, 0.2); }
        var loss = new ActorCriticLoss(policy);
        var o = new LossOptions(ppo, 0.2, clipVf ? 5.0 : null, 0.01, 0.5, ppo);
        // old log-probs near the current ones: ratios stay well inside [0.8, 1.2]
        var oldLp = new float[B];
        policy.ZeroGrad();
        loss.Run(obs, actions, new float[B], oldV, adv, ret, B, o with { IsPpo = false }); // to get current log-probs via A2C pass
        var lpNow = CurrentLogProbs(policy, obs, actions, B);
        for (int i = 0; i < B; i++) oldLp[i] = lpNow[i] + (float)rng.Uniform(-0.05, 0.05);

        policy.ZeroGrad();
        loss.Run(obs, actions, oldLp, oldV, adv, ret, B, o);
        var g = policy.Gradients.ToArray();
        float L(float[] p)
        {
            p.CopyTo(policy.Parameters, 0);
            policy.ZeroGrad();
            return loss.Run(obs, actions, oldLp, oldV, adv, ret, B, o).Loss;
        }
        var p0 = policy.Parameters.ToArray();
        CheckAgainstFiniteDifferences(g, p0, L, $"ppo={ppo} gaussian={gaussian}");
        p0.CopyTo(policy.Parameters, 0);
    }

    // Compares the analytic gradient with central differences on the coordinates with the largest
    // gradients. ReLU, max and Huber have kinks: a coordinate whose forward and backward one-sided
    // differences disagree by more than 2 % (+3e-4 for float32 rounding noise ≈ 1e-7/h) has a kink
    // within h and is replaced by the next one;
    // at least 3 coordinates must be checked.
    static void CheckAgainstFiniteDifferences(float[] g, float[] p0, Func<float[], float> loss, string what)
    {
        float l0 = loss((float[])p0.Clone());
        int checkedCount = 0;
        foreach (int j in Enumerable.Range(0, g.Length).OrderByDescending(i => Math.Abs(g[i])).Where(i => Math.Abs(g[i]) >= 0.02).Take(30))
        {
            float h = 1e-3f * (1 + Math.Abs(p0[j]));
            var pp = (float[])p0.Clone(); pp[j] += h; float lp = loss(pp);
            var pm = (float[])p0.Clone(); pm[j] -= h; float lm = loss(pm);
            double hp = pp[j] - p0[j], hm = p0[j] - pm[j];
            double forward = (lp - l0) / hp, backward = (l0 - lm) / hm;
            if (Math.Abs(forward - backward) > 0.02 * Math.Abs(forward + backward) / 2 + 3e-4) continue; // kink within h
            double fd = (lp - lm) / (hp + hm);
            Assert.True(Math.Abs(fd - g[j]) <= 0.03 * Math.Abs(g[j]) + 2e-4, $"{what} param {j}: analytic {g[j]} vs FD {fd}");
            if (++checkedCount == 8) break;
        }
        Assert.True(checkedCount >= 3, $"{what}: only {checkedCount} smooth coordinates with |g| ≥ 0.02 to check");
        loss((float[])p0.Clone());
    }

    static float[] CurrentLogProbs(ActorCriticPolicy policy, float[] obs, float[] actions, int B)
    {
        var head = policy.Pi.Forward(obs, B);
        var lp = new float[B];
        if (policy.IsDiscrete)
        {
            var logp = new float[B * policy.ActionDim];
            Categorical.LogSoftmax(logp, head, B, policy.ActionDim);
            Categorical.LogProbAndEntropy(lp, default, logp, actions.Select(a => (int)a).ToArray(), B, policy.ActionDim);
        }
        else DiagGaussian.LogProb(lp, head, policy.LogStd, actions, B, policy.ActionDim);
        return lp;
    }

    [Property(MaxTest = 12)]
    public void DqnGradientsMatchFiniteDifferences(ulong seed)
    {
        var rng = new Pcg64(seed);
        var q = new Mlp(new MlpLayout([4, 16, 16, 3], Activation.Relu)); var target = new Mlp(new MlpLayout([4, 16, 16, 3], Activation.Relu));
        Init.TorchDefault(q, ref rng); Init.TorchDefault(target, ref rng);
        int B = 10;
        var obs = new float[B * 4]; var next = new float[B * 4]; var acts = new int[B]; var rew = new float[B]; var done = new float[B];
        for (int i = 0; i < obs.Length; i++) { obs[i] = (float)rng.Uniform(-1, 1); next[i] = (float)rng.Uniform(-1, 1); }
        for (int i = 0; i < B; i++) { acts[i] = (int)rng.Integers(0, 3); rew[i] = (float)rng.Uniform(-3, 3); done[i] = rng.NextDouble() < 0.3 ? 1 : 0; }
        var loss = new DqnLoss();
        q.ZeroGrad();
        loss.Run(q, target, obs, next, acts, rew, done, 0.99, B);
        var g = q.Gradients.ToArray();
        var p0 = q.Parameters.ToArray();
        CheckAgainstFiniteDifferences(g, p0, p => { p.CopyTo(q.Parameters); return loss.Run(q, target, obs, next, acts, rew, done, 0.99, B); }, "dqn");
    }

    [Property(MaxTest = 50)]
    public void CategoricalMatchesClosedForm(ulong seed, byte nRaw)
    {
        int n = nRaw % 9 + 2;
        var rng = new Pcg64(seed);
        var z = new float[n];
        for (int j = 0; j < n; j++) z[j] = (float)rng.Uniform(-5, 5);
        var logp = new float[n];
        Categorical.LogSoftmax(logp, z, 1, n);
        double sumExp = z.Sum(v => Math.Exp(v));
        double h = 0;
        for (int j = 0; j < n; j++)
        {
            double p = Math.Exp(z[j]) / sumExp;
            Assert.True(Math.Abs(Math.Log(p) - logp[j]) <= 2e-5 * (1 + Math.Abs(Math.Log(p))), $"logp[{j}] {logp[j]} vs {Math.Log(p)}");
            h -= p * Math.Log(p);
        }
        var lp = new float[1]; var ent = new float[1];
        Categorical.LogProbAndEntropy(lp, ent, logp, [n - 1], 1, n);
        Assert.True(Math.Abs(h - ent[0]) <= 2e-5, $"entropy {ent[0]} vs {h}");
    }

    [Property(MaxTest = 50)]
    public void DiagGaussianMatchesClosedForm(ulong seed)
    {
        var rng = new Pcg64(seed);
        float mu = (float)rng.Uniform(-2, 2), ls = (float)rng.Uniform(-2, 1), a = (float)rng.Uniform(-3, 3);
        var lp = new float[1];
        DiagGaussian.LogProb(lp, [mu], [ls], [a], 1, 1);
        double s = Math.Exp(ls);
        double expected = -0.5 * Math.Pow((a - mu) / s, 2) - Math.Log(s) - 0.5 * Math.Log(2 * Math.PI);
        Assert.True(Math.Abs(expected - lp[0]) <= 2e-5 * (1 + Math.Abs(expected)), $"log_prob {lp[0]} vs {expected}");
        Assert.True(Math.Abs(0.5 + 0.5 * Math.Log(2 * Math.PI) + ls - DiagGaussian.Entropy([ls])) <= 1e-5);
    }

    [Property(MaxTest = 50)]
    public void GaeWithLambdaOneIsDiscountedReturnMinusValue(ulong seed)
    {
        var rng = new Pcg64(seed);
        int T = 7;
        var r = new float[T]; var v = new float[T]; var starts = new float[T];
        for (int t = 0; t < T; t++) { r[t] = (float)rng.Uniform(-1, 1); v[t] = (float)rng.Uniform(-1, 1); }
        float last = (float)rng.Uniform(-1, 1);
        var adv = new float[T]; var ret = new float[T];
        Gae.Compute(adv, ret, r, v, starts, [last], [0f], T, 1, 0.9, 1.0);
        for (int t = 0; t < T; t++)
        {
            double G = last; // bootstrapped from V(s_T) since the last step is not done
            for (int k = T - 1; k >= t; k--) G = r[k] + 0.9 * G;
            Assert.True(Math.Abs(G - v[t] - adv[t]) <= 1e-5 * (1 + Math.Abs(G)), $"A[{t}] {adv[t]} vs {G - v[t]}");
        }
    }
}
