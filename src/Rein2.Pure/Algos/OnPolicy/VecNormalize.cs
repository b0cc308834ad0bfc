// Observation and reward normalisation as SB3's VecNormalize (common/vec_env/vec_normalize.py) with
// the RL Zoo's `normalize: true` defaults: clip_obs 10, clip_reward 10, ε 1e-8, γ of the algorithm.
//   obs'    = clip((obs − μ)/√(σ² + ε), ±10)          (statistics updated with every training batch)
//   returns = returns·γ + r;  reward' = clip(r/√(var(returns) + ε), ±10)   (no mean subtraction)
// Terminal observations are normalised with the same (already updated) statistics; returns of
// finished lanes restart at 0. Evaluation uses frozen statistics and raw rewards.
namespace Rein2.Pure.Algos;

/// <summary>Running normalisation of a batched environment's observations and rewards.</summary>
public sealed class VecNormalize
{
    readonly double[] _returns;

    /// <summary>Observation statistics.</summary>
    public RunningMeanStd ObsRms { get; }
    /// <summary>Discounted-return statistics.</summary>
    public RunningMeanStd RetRms { get; } = new(1);
    /// <summary>γ for the return used to scale rewards.</summary>
    public double Gamma { get; }
    /// <summary>Observation clip.</summary>
    public double ClipObs { get; init; } = 10.0;
    /// <summary>Reward clip.</summary>
    public double ClipReward { get; init; } = 10.0;
    /// <summary>ε under the square roots.</summary>
    public double Epsilon { get; init; } = 1e-8;
    /// <summary>Whether statistics are updated (false for evaluation).</summary>
    public bool Training { get; set; } = true;

    /// <summary>Creates normalisation for <paramref name="numEnvs"/> lanes of <paramref name="obsDim"/> features.</summary>
    public VecNormalize(int numEnvs, int obsDim, double gamma)
    {
        ObsRms = new RunningMeanStd(obsDim);
        _returns = new double[numEnvs];
        Gamma = gamma;
    }

    /// <summary>Saves or restores the statistics and the running returns (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("vec-normalize");
        ObsRms.Sync(a); RetRms.Sync(a); a.Sync(_returns);
    }

    /// <summary>After a reset: clear returns, update with and normalise the reset observations in place.</summary>
    public void OnReset(Span<float> obs, int rows)
    {
        Array.Clear(_returns);
        if (Training) ObsRms.Update(obs, rows);
        NormalizeObs(obs, rows);
    }

    /// <summary>
    /// After a step: updates statistics with the raw observations, normalises <paramref name="obs"/>
    /// and <paramref name="finalObs"/> (rows of finished lanes) in place, and writes scaled rewards.
    /// </summary>
    public void OnStep(Span<float> obs, Span<float> finalObs, ReadOnlySpan<bool> done, ReadOnlySpan<double> rawRewards, Span<float> rewardsOut)
    {
        int rows = done.Length, d = ObsRms.Mean.Length;
        if (Training) ObsRms.Update(obs, rows);
        NormalizeObs(obs, rows);
        for (int i = 0; i < rows; i++) if (done[i]) NormalizeObs(finalObs.Slice(i * d, d), 1);
        if (Training)
        {
            for (int i = 0; i < rows; i++) _returns[i] = _returns[i] * Gamma + rawRewards[i];
            RetRms.Update(_returns);
        }
        double scale = Math.Sqrt(RetRms.Var[0] + Epsilon);
        for (int i = 0; i < rows; i++)
        {
            rewardsOut[i] = (float)Math.Clamp((float)rawRewards[i] / scale, -ClipReward, ClipReward);
            if (done[i]) _returns[i] = 0;
        }
    }

    /// <summary>Normalises <paramref name="rows"/> observations in place with the current statistics.</summary>
    public void NormalizeObs(Span<float> obs, int rows)
    {
        int d = ObsRms.Mean.Length;
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < d; j++)
            {
                double v = (obs[r * d + j] - ObsRms.Mean[j]) / Math.Sqrt(ObsRms.Var[j] + Epsilon);
                obs[r * d + j] = (float)Math.Clamp(v, -ClipObs, ClipObs);
            }
    }
}
