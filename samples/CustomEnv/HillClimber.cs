// A meta-learner of your own for REIN-2: a (1+λ)-ES hill climber. Each generation asks λ Gaussian
// steps from the parent (the best meta-action so far) and keeps the best child if it scores at least
// as well. The λ children do not depend on each other's scores, so the trainer may ask them all
// before telling the first and score them on several threads (CandidatesUntilUpdate). Everything it
// draws comes from the generator it is given, and Sync saves all of its state: so a run is the same
// on any number of threads and resumes bit-identically (docs/embedding.md, "Bring your own").
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Meta;
using Rein2.Pure.Rng;

namespace CustomEnv;

public sealed class HillClimber(MetaLearnerContext context, int lambda = 8, double step = 0.1) : IMetaLearner
{
    readonly float[] _parent = [.. context.Start], _children = new float[lambda * context.Dimension];
    readonly double[] _scores = new double[lambda];
    double _parentScore = double.NegativeInfinity;
    int _asked, _told;
    Pcg64 _rng = context.Generator;

    public string Name => "hill-climber";

    public int CandidatesUntilUpdate => lambda - _asked;

    public void Ask(Span<float> candidate)
    {
        int d = context.Dimension;
        var child = _children.AsSpan(_asked * d, d);
        for (int j = 0; j < d; j++)
            child[j] = (float)Math.Clamp(_parent[j] + step * context.Bound * _rng.NextGaussian(), -context.Bound, context.Bound);
        child.CopyTo(candidate);
        _asked++;
    }

    public void Tell(double fitness, ReadOnlySpan<double> behavior)
    {
        _scores[_told++] = fitness;
        if (_told < lambda) return;
        // the generation is complete: the best child replaces the parent if it is at least as good
        int best = Array.IndexOf(_scores, _scores.Max());
        if (_scores[best] >= _parentScore)
        {
            _parentScore = _scores[best];
            _children.AsSpan(best * context.Dimension, context.Dimension).CopyTo(_parent);
        }
        _asked = _told = 0;
    }

    public void Sync(StateArchive archive)
    {
        archive.Sync(_parent); archive.Sync(_children); archive.Sync(_scores);
        archive.Sync(ref _parentScore); archive.Sync(ref _asked); archive.Sync(ref _told); archive.Sync(ref _rng);
    }
}
