// Environment steps per second: each scalar env (pre-sampled actions, auto-reset included, as
// Gymnasium's figures in docs/reference-figures.md §1 are taken) and the batched CartPole at
// B = 8, 64, 1024 in both trigonometry modes. One op = StepsPerOp env steps.
using BenchmarkDotNet.Attributes;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Bench;

public class EnvBench
{
    public const int StepsPerOp = 4096;

    [Params("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1")]
    public string Id = "";

    Env _env = null!;
    float[] _obs = [];
    int[] _discrete = [];
    float[][] _box = [];

    [GlobalSetup]
    public void Setup()
    {
        _env = EnvRegistry.Make(Id);
        _obs = new float[_env.ObservationSize];
        var rng = new Pcg64(1);
        _discrete = new int[StepsPerOp];
        _box = new float[StepsPerOp][];
        int n = _env.ActionSpace is DiscreteSpace d ? d.N : 0;
        for (int i = 0; i < StepsPerOp; i++)
        {
            if (n > 0) _discrete[i] = (int)rng.Integers(0, n);
            else _box[i] = [(float)rng.Uniform(-1, 1)];
        }
        _env.Reset(_obs, 0);
    }

    [Benchmark(OperationsPerInvoke = StepsPerOp)]
    public double ScalarStep()
    {
        double sum = 0;
        bool discrete = _env.ActionSpace is DiscreteSpace;
        for (int i = 0; i < StepsPerOp; i++)
        {
            var r = discrete ? _env.Step(_discrete[i], _obs) : _env.Step(_box[i], _obs);
            sum += r.Reward;
            if (r.Done) _env.Reset(_obs);
        }
        return sum;
    }
}

public class VecEnvBench
{
    [Params("CartPole-v1", "Acrobot-v1", "MountainCar-v0", "MountainCarContinuous-v0", "Pendulum-v1")]
    public string Id = "";
    [Params(8, 64, 1024)] public int B;
    [Params(TrigMode.Exact, TrigMode.Fast)] public TrigMode Mode;
    const int Steps = 64;
    VecEnv _vec = null!;
    int[][] _actions = [];
    float[][] _box = [];

    [GlobalSetup]
    public void Setup()
    {
        _vec = VecEnvRegistry.Make(Id, B, Mode);
        _vec.Reset(0);
        var rng = new Pcg64(2);
        int n = _vec.ActionSpace is DiscreteSpace d ? d.N : 0;
        _actions = Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, B).Select(_ => n > 0 ? (int)rng.Integers(0, n) : 0).ToArray()).ToArray();
        _box = Enumerable.Range(0, Steps).Select(_ => Enumerable.Range(0, B).Select(_ => (float)rng.Uniform(-1, 1)).ToArray()).ToArray();
    }

    /// <summary>One op = Steps batched steps = Steps·B env steps.</summary>
    [Benchmark]
    public float StepBatch()
    {
        bool discrete = _vec.ActionSpace is DiscreteSpace;
        for (int t = 0; t < Steps; t++)
        {
            if (discrete) _vec.Step(_actions[t]); else _vec.Step(_box[t]);
        }
        return _vec.Observations[0];
    }

    public static double EnvStepsPerOp(int b) => (double)Steps * b;
}
