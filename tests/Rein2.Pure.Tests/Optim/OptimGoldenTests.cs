// Adam, RMSprop and clip_grad_norm_ against PyTorch in Golden/nn/optim.json (five steps
// on one float32 vector). Both sides compute in float32 with the same operation order, so each step
// may differ by an ulp or so (torch's vectorised kernels fuse differently); after five steps we
// allow 2e-6 relative + 1e-7 absolute.
using Rein2.Pure.Optim;
using Rein2.Pure.Tests.Support;

namespace Rein2.Pure.Tests.Optim;

public class OptimGoldenTests
{
    const double Rtol = 2e-6, Atol = 1e-7;

    static void Run(string key, Action<float[], float[]> step)
    {
        using var doc = Golden.Json("nn/optim.json");
        var c = doc.RootElement.GetProperty(key);
        var p = c.GetProperty("p0").Floats();
        var grads = c.GetProperty("grads").EnumerateArray().Select(g => g.Floats()).ToArray();
        var after = c.GetProperty("params_after_each_step").EnumerateArray().Select(g => g.Doubles()).ToArray();
        var norms = c.GetProperty("grad_norms_before_clip").Doubles();
        double? maxNorm = c.TryGetProperty("max_norm", out var mn) ? mn.GetDouble() : null;
        for (int t = 0; t < grads.Length; t++)
        {
            var g = (float[])grads[t].Clone();
            if (maxNorm is double m)
            {
                double norm = GradClip.ClipByGlobalNorm(g, m);
                Close.Scalar(norm, norms[t], 1e-6, 0, $"{key} grad norm step {t + 1}");
            }
            step(p, g);
            Close.All(p, after[t], Rtol, Atol, $"{key} params after step {t + 1}");
        }
    }

    [Fact]
    public void AdamSb3ActorCriticSettings()
    {
        var adam = new Adam(37, 3e-4, eps: 1e-5);
        Run("adam_lr3e-4_eps1e-5", (p, g) => adam.Update(p, g));
    }

    [Fact]
    public void AdamDqnSettingsWithClipping()
    {
        var adam = new Adam(37, 2.3e-3, eps: 1e-8);
        Run("adam_lr2.3e-3_eps1e-8_clip10", (p, g) => adam.Update(p, g));
    }

    [Fact]
    public void RmsPropA2cSettingsWithClipping()
    {
        var rms = new RmsProp(37, 7e-4, alpha: 0.99, eps: 1e-5);
        Run("rmsprop_lr7e-4_alpha0.99_eps1e-5_clip0.5", (p, g) => rms.Update(p, g));
    }
}
