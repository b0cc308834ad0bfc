// docs/learn/03-adam.md: Adam fits sin(x) with a small MLP; the loss curve goes to a CSV.
using System.Globalization;
using System.Text;
using Rein2.Pure.Nn;
using Rein2.Pure.Optim;
using Rein2.Pure.Rng;

namespace Rein2.Learn;

public static class AdamChapter
{
    /// <summary>Fits sin on [−π, π]; writes OUT_DIR/adam.csv (step, loss); returns the final loss.</summary>
    public static double Run(TextWriter o, string outDir)
    {
        // chapter: adam
        var net = new Mlp(new MlpLayout([1, 32, 1], Activation.Tanh));
        var rng = new Pcg64(1);
        Init.TorchDefault(net, ref rng);
        var adam = new Adam(net.Parameters.Length, learningRate: 0.003);

        const int n = 64;
        var x = new float[n];
        var target = new float[n];
        for (int i = 0; i < n; i++) { x[i] = -MathF.PI + 2 * MathF.PI * i / (n - 1); target[i] = MathF.Sin(x[i]); }

        var dy = new float[n];
        var csv = new StringBuilder("step,loss\n");
        double loss = 0;
        for (int step = 0; step <= 2000; step++)
        {
            // mean squared error and its gradient dL/dy = 2(y − t)/n
            var y = net.Forward(x, n);
            loss = 0;
            for (int i = 0; i < n; i++) { float e = y[i] - target[i]; loss += e * e / n; dy[i] = 2 * e / n; }
            csv.Append(step).Append(',').Append(loss.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            if (step % 500 == 0) o.WriteLine($"step {step,4}: loss {loss.ToString("E2", CultureInfo.InvariantCulture)}");
            net.ZeroGrad();
            net.Backward(dy);
            adam.Update(net.Parameters, net.Gradients);  // m, v ← moments; θ ← θ − lr·m̂/(√v̂ + ε)
        }
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "adam.csv"), csv.ToString());
        // end chapter
        return loss;
    }
}
