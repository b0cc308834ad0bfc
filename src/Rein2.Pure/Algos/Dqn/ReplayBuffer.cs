// SB3's ReplayBuffer for one environment (common/buffers.py): a ring of (s, a, r, s', done) with s'
// the real last observation of finished episodes and done = terminated only (time-limit truncations
// bootstrap, handle_timeout_termination). Uniform sampling with replacement over the filled part.
using Rein2.Pure.Rng;

namespace Rein2.Pure.Algos;

/// <summary>A fixed-capacity ring of transitions.</summary>
internal sealed class ReplayBuffer
{
    readonly float[] _obs, _next, _rewards, _dones;
    readonly int[] _actions;
    readonly int _d;
    int _pos;

    /// <summary>Capacity.</summary>
    public int Capacity { get; }
    /// <summary>Transitions stored.</summary>
    public int Count { get; private set; }

    /// <summary>Creates a buffer for observations of length <paramref name="obsDim"/>.</summary>
    public ReplayBuffer(int capacity, int obsDim)
    {
        ThrowHelper.RequirePositive(capacity, nameof(capacity));
        Capacity = capacity; _d = obsDim;
        _obs = new float[capacity * obsDim]; _next = new float[capacity * obsDim];
        _rewards = new float[capacity]; _dones = new float[capacity]; _actions = new int[capacity];
    }

    /// <summary>Saves or restores the stored transitions and the ring position (checkpoints).</summary>
    public void Sync(Checkpoints.StateArchive a)
    {
        a.Section("replay-buffer");
        int count = Count;
        a.Sync(ref _pos); a.Sync(ref count);
        if (_pos < 0 || _pos >= Capacity || count < 0 || count > Capacity)
            throw new InvalidDataException($"replay position {_pos} / count {count} is outside the capacity {Capacity}.");
        Count = count;
        // only the filled part: a checkpoint early in a run stays small
        a.Sync(_obs.AsSpan(0, count * _d)); a.Sync(_next.AsSpan(0, count * _d));
        a.Sync(_rewards.AsSpan(0, count)); a.Sync(_dones.AsSpan(0, count)); a.Sync(_actions.AsSpan(0, count));
    }

    /// <summary>Stores one transition, overwriting the oldest when full.</summary>
    public void Add(ReadOnlySpan<float> obs, ReadOnlySpan<float> next, int action, float reward, bool terminated)
    {
        obs[.._d].CopyTo(_obs.AsSpan(_pos * _d)); next[.._d].CopyTo(_next.AsSpan(_pos * _d));
        _actions[_pos] = action; _rewards[_pos] = reward; _dones[_pos] = terminated ? 1f : 0f;
        _pos = (_pos + 1) % Capacity;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>Draws <paramref name="B"/> transitions uniformly with replacement into the given arrays.</summary>
    public void Sample(int B, ref Pcg64 rng, Span<float> obs, Span<float> next, Span<int> actions, Span<float> rewards, Span<float> dones)
    {
        if (Count == 0) throw new InvalidOperationException("Cannot sample from an empty replay buffer.");
        for (int i = 0; i < B; i++)
        {
            int j = (int)rng.Integers(0, Count);
            _obs.AsSpan(j * _d, _d).CopyTo(obs.Slice(i * _d, _d));
            _next.AsSpan(j * _d, _d).CopyTo(next.Slice(i * _d, _d));
            actions[i] = _actions[j]; rewards[i] = _rewards[j]; dones[i] = _dones[j];
        }
    }
}
