// Categorical and diagonal-Gaussian log-prob, entropy and gradients against PyTorch (float64) in
// Golden/nn/distributions.json. We compute in float32: 1e-5 relative + 1e-5 absolute.
using Rein2.Pure.Nn;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Nn;

public class DistributionGoldenTests
{
    const double Rtol = 1e-5, Atol = 1e-5;

    [Fact]
    public void CategoricalMatchesTorch()
    {
        using var doc = Golden.Json("nn/distributions.json");
        var c = doc.RootElement.GetProperty("categorical");
        var logits = c.GetProperty("logits").FlatFloats();
        var actions = c.GetProperty("actions").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int B = actions.Length, n = logits.Length / B;
        var logp = new float[B * n];
        Categorical.LogSoftmax(logp, logits, B, n);
        var lp = new float[B]; var h = new float[B];
        Categorical.LogProbAndEntropy(lp, h, logp, actions, B, n);
        Close.All(lp, c.GetProperty("log_prob").Doubles(), Rtol, Atol, "log_prob");
        Close.All(h, c.GetProperty("entropy").Doubles(), Rtol, Atol, "entropy");
        Close.All(logp.Select(MathF.Exp).ToArray(), c.GetProperty("probs").FlatDoubles(), Rtol, Atol, "probs");
        // loss = Σ log_prob + ½ Σ entropy
        var dz = new float[B * n];
        Categorical.Backward(dz, logp, actions, Enumerable.Repeat(1f, B).ToArray(), Enumerable.Repeat(0.5f, B).ToArray(), B, n);
        Close.All(dz, c.GetProperty("dlogits_of_sum_logprob_plus_half_entropy").FlatDoubles(), Rtol, Atol, "dlogits");
    }

    [Fact]
    public void DiagGaussianMatchesTorch()
    {
        using var doc = Golden.Json("nn/distributions.json");
        var c = doc.RootElement.GetProperty("diag_gaussian");
        var mean = c.GetProperty("mean").FlatFloats();
        var logStd = c.GetProperty("log_std").Floats();
        var actions = c.GetProperty("actions").FlatFloats();
        int d = logStd.Length, B = mean.Length / d;
        var lp = new float[B];
        DiagGaussian.LogProb(lp, mean, logStd, actions, B, d);
        Close.All(lp, c.GetProperty("log_prob").Doubles(), Rtol, Atol, "log_prob");
        foreach (var e in c.GetProperty("entropy").Doubles()) Close.Scalar(DiagGaussian.Entropy(logStd), e, Rtol, Atol, "entropy");
        // same loss as the categorical case: Σ log_prob + ½ Σ entropy
        var dMean = new float[B * d]; var dLogStd = new float[d];
        DiagGaussian.Backward(dMean, dLogStd, mean, logStd, actions, Enumerable.Repeat(1f, B).ToArray(), Enumerable.Repeat(0.5f, B).ToArray(), B, d);
        Close.All(dMean, c.GetProperty("dmean").FlatDoubles(), Rtol, Atol, "dmean");
        Close.All(dLogStd, c.GetProperty("dlog_std").Doubles(), Rtol, Atol, "dlog_std");
    }
}
