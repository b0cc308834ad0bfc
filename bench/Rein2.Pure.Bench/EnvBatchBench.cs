// The generic batch adapter's cost: B instances of a scalar environment stepped by the user's own
// loop (step, auto-reset on done) against the same B instances behind EnvBatch (SB3 VecEnv
// semantics plus its checks: every observation and reward finite, exceptions wrapped with the lane).
// The built-in scalar classes stand in for a user's environment here (a spec built from a factory
// has no hand-written batched form). One op = one environment step of one lane.
using BenchmarkDotNet.Attributes;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Bench;

public class EnvBatchBench
{
    const int Lanes = 8, Steps = 512;

    [Params("CartPole-v1", "MountainCar-v0", "Acrobot-v1")]
    public string Id = "";

    Env[] _envs = [];
    float[][] _obs = [];
    VecEnv _batch = null!;
    int[][] _actions = [];

    [GlobalSetup]
    public void Setup()
    {
        var spec = new EnvSpec(() => EnvRegistry.Make(Id));
        _envs = Enumerable.Range(0, Lanes).Select(_ => spec.Create()).ToArray();
        _obs = _envs.Select(e => new float[e.ObservationSize]).ToArray();
        for (int i = 0; i < Lanes; i++) _envs[i].Reset(_obs[i], (ulong)i);
        _batch = spec.CreateBatched(Lanes);
        _batch.Reset(0);
        var rng = new Pcg64(1);
        int n = ((DiscreteSpace)spec.ActionSpace).N;
        _actions = Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, Lanes).Select(_ => (int)rng.Integers(0, n)).ToArray()).ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lanes * Steps)]
    public double OwnLoop()
    {
        double sum = 0;
        for (int t = 0; t < Steps; t++)
        {
            var a = _actions[t];
            for (int i = 0; i < Lanes; i++)
            {
                var r = _envs[i].Step(a[i], _obs[i]);
                sum += r.Reward;
                if (r.Done) _envs[i].Reset(_obs[i]);
            }
        }
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Lanes * Steps)]
    public double EnvBatch()
    {
        double sum = 0;
        for (int t = 0; t < Steps; t++)
        {
            _batch.Step(_actions[t]);
            foreach (double r in _batch.Rewards) sum += r;
        }
        return sum;
    }
}
