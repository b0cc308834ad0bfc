// A room heated by a thermostat over one day, in 10-minute steps: an environment an app developer
// could have (a smart-home controller), small, with discrete actions and random weather. It is one
// Env subclass, as every user environment is (docs/embedding.md, "Write an environment").
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Envs;
using Rein2.Pure.Rng;

namespace CustomEnv;

/// <summary>Keep a room near 21 °C with a heater that is off, low (1 kW) or high (3 kW).</summary>
public sealed class Thermostat : Env
{
    const double Target = 21, StepsPerDay = 144;
    static readonly double[] HeaterKw = [0, 1, 3];

    double _room, _outsideMean; // °C
    int _clock;                 // 10-minute steps since midnight

    public override string Id => "Thermostat-v0";
    // (room − 21)/10, (outside − 21)/10, and the time of day as a point on the unit circle
    public override BoxSpace ObservationSpace { get; } = new([-4f, -4f, -1f, -1f], [4f, 4f, 1f, 1f]);
    public override Space ActionSpace { get; } = new DiscreteSpace(3);
    public override int MaxEpisodeSteps => 144; // one day

    protected override void ResetCore(ref Pcg64 rng, Span<float> observation)
    {
        _room = rng.Uniform(14, 24);
        _outsideMean = rng.Uniform(-2, 10);
        _clock = (int)rng.Integers(0, 144);
        Observe(observation);
    }

    protected override StepResult StepDiscrete(int action, Span<float> observation)
    {
        // heat leaks towards the outside; the heater adds 0.6 °C per kW and step; a little noise
        _room += 0.1 * (Outside() - _room) + 0.6 * HeaterKw[action] + 0.1 * Random.NextGaussian();
        _room = Math.Clamp(_room, -15, 45);
        _clock = (_clock + 1) % 144;
        Observe(observation);
        double discomfort = Math.Abs(_room - Target), energy = HeaterKw[action];
        return new StepResult(-(0.1 * discomfort + 0.02 * energy), false, false);
    }

    double Outside() => _outsideMean + 6 * Math.Sin(2 * Math.PI * (_clock / StepsPerDay - 0.25));

    void Observe(Span<float> observation)
    {
        observation[0] = (float)((_room - Target) / 10);
        observation[1] = (float)((Outside() - Target) / 10);
        observation[2] = (float)Math.Sin(2 * Math.PI * _clock / StepsPerDay);
        observation[3] = (float)Math.Cos(2 * Math.PI * _clock / StepsPerDay);
    }

    // Bit-identical resume: save everything Step reads (the generator and step count are saved for us).
    public override bool SupportsCheckpoints => true;
    public override void SyncState(StateArchive archive)
    {
        archive.Sync(ref _room);
        archive.Sync(ref _outsideMean);
        archive.Sync(ref _clock);
    }
}
