// Checks that an environment keeps the contract every trainer relies on, as Gymnasium's and
// stable-baselines3's check_env do: declared spaces that make sense, seeded resets that repeat,
// observations that fill the declared length and stay finite and inside the box, finite rewards,
// every action of the space accepted and actions outside it refused, no step after an episode ended,
// episodes that replay exactly under the same seed and actions, and (if it says it supports
// checkpoints) a saved and restored state that continues identically. Trainers run the quick part
// when they start; run the full check once on a new environment.
using Rein2.Pure.Checkpoints;
using Rein2.Pure.Rng;

namespace Rein2.Pure.Envs;

/// <summary>What <see cref="EnvChecker"/> found: errors break the contract, warnings are advice.</summary>
public sealed record EnvCheckReport(string EnvId, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>No errors.</summary>
    public bool Passed => Errors.Count == 0;

    /// <summary>What was checked, one line each, in order (the last may be where it stopped).</summary>
    public IReadOnlyList<string> Checked { get; init; } = [];

    /// <summary>Throws an <see cref="EnvironmentException"/> listing the errors, if there are any.</summary>
    public void ThrowIfFailed()
    {
        if (!Passed) throw new EnvironmentException($"Environment {EnvId} failed its check: {string.Join(" ", Errors)}");
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{EnvId}: {(Passed ? $"passed {Checked.Count} check{(Checked.Count == 1 ? "" : "s")}" : $"{Errors.Count} error(s)")}{(Warnings.Count > 0 ? $", {Warnings.Count} warning(s)" : "")}" +
        string.Concat(Checked.Select(c => $"\n  checked: {c}")) +
        string.Concat(Errors.Select(e => $"\n  error: {e}")) + string.Concat(Warnings.Select(w => $"\n  warning: {w}"));
}

/// <summary>Gymnasium-style environment checker.</summary>
public static class EnvChecker
{
    // a NaN payload no environment writes by computing: a value still holding it was never written
    static readonly float Unwritten = BitConverter.Int32BitsToSingle(0x7FC0_BEEF);

    /// <summary>The full check: <paramref name="episodes"/> episodes of random actions (at most <paramref name="maxSteps"/> steps each).</summary>
    public static EnvCheckReport Check(EnvSpec spec, ulong seed = 0, int episodes = 3, int maxSteps = 1000) => Run(spec, seed, episodes, maxSteps, full: true);

    /// <summary>Check an environment given by its factory.</summary>
    public static EnvCheckReport Check(Func<Env> make, ulong seed = 0) => Check(new EnvSpec(make), seed);

    /// <summary>The cheap part trainers run when they start: spaces, one seeded reset twice, a few steps.</summary>
    public static EnvCheckReport CheckQuick(EnvSpec spec, ulong seed = 0) => Run(spec, seed, 1, 16, full: false);

    static EnvCheckReport Run(EnvSpec spec, ulong seed, int episodes, int maxSteps, bool full)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var done = new List<string>();
        try
        {
            var env = spec.Create();
            done.Add($"the spaces: observations {env.ObservationSpace}, actions {env.ActionSpace}, time limit {env.MaxEpisodeSteps} steps");
            if (!CheckSpaces(env, errors, warnings)) return new EnvCheckReport(spec.Id, errors, warnings) { Checked = done };
            done.Add($"Reset(seed {seed}) gives the same observation on two instances and twice on one");
            CheckResetIsDeterministic(spec, seed, errors);
            if (full)
            {
                done.Add(env.ActionSpace is DiscreteSpace ? "actions outside Discrete(n) are refused" : "actions outside the box are refused");
                CheckActionBounds(spec, seed, errors);
            }
            var played = Play(env, seed, episodes, maxSteps, errors, full);
            done.Add($"{played.Count} episode(s) of random actions, {played.Sum(p => p.Actions.Count)} steps: every observation full-length, finite and in its box, every reward finite" +
                     (full && env.ActionSpace is DiscreteSpace d ? $", each of the {d.N} actions accepted" : ""));
            if (full && errors.Count == 0)
            {
                done.Add("the same seed and actions replay the same episodes");
                CheckReplay(spec, seed, played, errors);
                done.Add("a step after an episode ended is refused");
                CheckStepAfterEnd(spec, seed, errors);
                done.Add("a saved and restored state continues identically (where the environment supports checkpoints)");
                CheckStateSync(spec, seed, errors, warnings);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            errors.Add($"the check stopped: {e.GetType().Name}: {e.Message}");
        }
        return new EnvCheckReport(spec.Id, errors, warnings) { Checked = done };
    }

    static bool CheckSpaces(Env env, List<string> errors, List<string> warnings)
    {
        var o = env.ObservationSpace;
        if (o is null || o.Low is null || o.High is null) { errors.Add("ObservationSpace is null."); return false; }
        if (o.Low.Length == 0 || o.Low.Length != o.High.Length) errors.Add($"ObservationSpace {o} has bounds of lengths {o.Low.Length} and {o.High.Length}; both must equal the observation length (≥ 1).");
        for (int i = 0; i < Math.Min(o.Low.Length, o.High.Length); i++)
            if (!(o.Low[i] <= o.High[i])) errors.Add($"ObservationSpace bound {i}: low {o.Low[i]} is not ≤ high {o.High[i]}.");
        switch (env.ActionSpace)
        {
            case DiscreteSpace d when d.N < 1: errors.Add($"ActionSpace {d} has no actions; Discrete(n) needs n ≥ 1."); break;
            case DiscreteSpace: break;
            case BoxSpace b:
                if (b.Dim == 0 || b.Low.Length != b.High.Length) errors.Add($"ActionSpace {b} has bounds of lengths {b.Low.Length} and {b.High.Length}; both must be equal and ≥ 1.");
                for (int i = 0; i < Math.Min(b.Low.Length, b.High.Length); i++)
                {
                    if (!(float.IsFinite(b.Low[i]) && float.IsFinite(b.High[i]) && b.Low[i] < b.High[i])) errors.Add($"ActionSpace bound {i}: [{b.Low[i]}, {b.High[i]}] must be finite with low < high.");
                    else if (b.Low[i] != -1f || b.High[i] != 1f)
                        warnings.Add($"ActionSpace bound {i} is [{b.Low[i]}, {b.High[i]}], not [-1, 1]: PPO and A2C sample from a unit Gaussian and clip to the box, so they learn best when actions are scaled to [-1, 1] (rescale inside Step).");
                }
                break;
            default: errors.Add($"ActionSpace {env.ActionSpace?.ToString() ?? "null"} is neither Discrete nor Box."); break;
        }
        if (env.MaxEpisodeSteps < 1) errors.Add($"MaxEpisodeSteps is {env.MaxEpisodeSteps}; the time limit must be ≥ 1 step.");
        return errors.Count == 0;
    }

    static void CheckResetIsDeterministic(EnvSpec spec, ulong seed, List<string> errors)
    {
        var a = spec.Create(); var b = spec.Create();
        var oa = Fresh(a); var ob = Fresh(b);
        a.Reset(oa, seed); b.Reset(ob, seed);
        if (!CheckObservation(a, oa, "Reset", errors)) return;
        if (!Same(oa, ob)) errors.Add($"Reset(seed {seed}) is not deterministic: two fresh instances gave [{Show(oa)}] and [{Show(ob)}]. Draw every random number from the generator Reset passes to ResetCore.");
        var again = Fresh(a);
        a.Reset(again, seed);
        if (!Same(oa, again)) errors.Add($"Reset(seed {seed}) twice on one instance gave [{Show(oa)}] and then [{Show(again)}].");
    }

    // random actions: every Discrete action is taken at least once where episodes allow
    static List<(ulong Seed, List<float[]> Actions)> Play(Env env, ulong seed, int episodes, int maxSteps, List<string> errors, bool full)
    {
        var rng = new Pcg64(seed ^ 0x5EED_C0DE);
        var played = new List<(ulong, List<float[]>)>();
        var seen = new HashSet<int>();
        for (int ep = 0; ep < episodes && errors.Count == 0; ep++)
        {
            ulong s = seed + (ulong)ep;
            var obs = Fresh(env);
            env.Reset(obs, s);
            if (!CheckObservation(env, obs, "Reset", errors)) break;
            var actions = new List<float[]>();
            for (int t = 0; t < maxSteps; t++)
            {
                float[] a = RandomAction(env.ActionSpace, ref rng, t);
                if (env.ActionSpace is DiscreteSpace) seen.Add((int)a[0]);
                actions.Add(a);
                Array.Fill(obs, Unwritten);
                StepResult r;
                try { r = Step(env, a, obs); }
                catch (Exception e) { errors.Add($"Step threw at episode {ep} step {t + 1} (action [{Show(a)}]): {e.GetType().Name}: {e.Message}"); return played; }
                if (!double.IsFinite(r.Reward)) { errors.Add($"Step returned the reward {r.Reward} at episode {ep} step {t + 1}; rewards must be finite."); return played; }
                if (!CheckObservation(env, obs, $"Step (episode {ep} step {t + 1})", errors)) return played;
                if (r.Done) break;
            }
            played.Add((s, actions));
        }
        if (full && errors.Count == 0 && env.ActionSpace is DiscreteSpace ds && seen.Count < ds.N)
        {
            // the remaining actions, each from a fresh reset, so every action of the space is accepted
            for (int a = 0; a < ds.N; a++)
                if (!seen.Contains(a))
                {
                    var obs = Fresh(env);
                    env.Reset(obs, seed);
                    try { env.Step(a, obs); }
                    catch (Exception e) { errors.Add($"Step refused action {a} of {ds}: {e.GetType().Name}: {e.Message}"); }
                }
        }
        return played;
    }

    static void CheckActionBounds(EnvSpec spec, ulong seed, List<string> errors)
    {
        var env = spec.Create();
        var obs = Fresh(env);
        env.Reset(obs, seed);
        if (env.ActionSpace is DiscreteSpace d)
        {
            foreach (int bad in new[] { -1, d.N })
                if (Throws(() => env.Step(bad, obs)) is null) errors.Add($"Step accepted action {bad}, outside {d}.");
        }
        else if (env.ActionSpace is BoxSpace b)
        {
            var nan = new float[b.Dim]; nan[0] = float.NaN;
            if (Throws(() => env.Step(nan, obs)) is null) errors.Add("Step accepted a NaN action.");
            if (Throws(() => env.Step(new float[b.Dim + 1], obs)) is null) errors.Add($"Step accepted an action of length {b.Dim + 1} for {b}.");
        }
    }

    static void CheckReplay(EnvSpec spec, ulong seed, List<(ulong Seed, List<float[]> Actions)> played, List<string> errors)
    {
        var first = spec.Create(); var second = spec.Create();
        foreach (var (s, actions) in played)
        {
            var o1 = Fresh(first); var o2 = Fresh(second);
            first.Reset(o1, s); second.Reset(o2, s);
            for (int t = 0; t < actions.Count; t++)
            {
                var r1 = Step(first, actions[t], o1);
                var r2 = Step(second, actions[t], o2);
                if (r1 != r2 || !Same(o1, o2))
                {
                    errors.Add($"An episode replayed with seed {s} and the same actions diverged at step {t + 1}: reward {r1.Reward} vs {r2.Reward}, observation [{Show(o1)}] vs [{Show(o2)}]. Step must depend only on the state, the action and the generator.");
                    return;
                }
                if (r1.Done) break;
            }
        }
    }

    static void CheckStepAfterEnd(EnvSpec spec, ulong seed, List<string> errors)
    {
        var env = spec.Create();
        var obs = Fresh(env);
        var rng = new Pcg64(seed);
        env.Reset(obs, seed);
        for (int t = 0; t <= env.MaxEpisodeSteps; t++)
            if (Step(env, RandomAction(env.ActionSpace, ref rng, t), obs).Done)
            {
                if (Throws(() => Step(env, RandomAction(env.ActionSpace, ref rng, 0), obs)) is not InvalidOperationException)
                    errors.Add("Step after the episode ended was accepted; it must be refused until Reset.");
                return;
            }
        errors.Add($"An episode ran past MaxEpisodeSteps ({env.MaxEpisodeSteps}) without ending.");
    }

    // a checkpoint taken mid-episode and restored into a fresh instance continues identically
    static void CheckStateSync(EnvSpec spec, ulong seed, List<string> errors, List<string> warnings)
    {
        var env = spec.Create();
        if (!env.SupportsCheckpoints)
        {
            warnings.Add("SupportsCheckpoints is false: runs on this environment train and save agents, but saving a checkpoint (for resume) is refused. Override SupportsCheckpoints and SyncState to allow it.");
            return;
        }
        var obs = Fresh(env);
        var rng = new Pcg64(seed + 17);
        env.Reset(obs, seed);
        for (int t = 0; t < 3; t++) if (Step(env, RandomAction(env.ActionSpace, ref rng, t), obs).Done) env.Reset(obs);
        var bytes = new MemoryStream();
        using (var w = new BinaryWriter(bytes, System.Text.Encoding.UTF8, leaveOpen: true)) env.SyncAll(StateArchive.ForSaving(w));
        var copy = spec.Create();
        bytes.Position = 0;
        using (var r = new BinaryReader(bytes)) copy.SyncAll(StateArchive.ForLoading(r));
        var o1 = (float[])obs.Clone(); var o2 = (float[])obs.Clone();
        for (int t = 0; t < 20; t++)
        {
            var a = RandomAction(env.ActionSpace, ref rng, t);
            var r1 = Step(env, a, o1); var r2 = Step(copy, a, o2);
            if (r1 != r2 || !Same(o1, o2))
            {
                errors.Add($"After SyncState saved and restored the state, the copy diverged at step {t + 1}: reward {r1.Reward} vs {r2.Reward}, observation [{Show(o1)}] vs [{Show(o2)}]. SyncState must visit every field Step reads.");
                return;
            }
            if (r1.Done) { env.Reset(o1); copy.Reset(o2); }
        }
    }

    // Every value written, finite and inside the declared box.
    static bool CheckObservation(Env env, float[] obs, string where, List<string> errors)
    {
        var box = env.ObservationSpace;
        for (int i = 0; i < obs.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(obs[i]) == BitConverter.SingleToInt32Bits(Unwritten))
            {
                errors.Add($"{where} wrote only part of the observation: value {i} of {obs.Length} was not written (ObservationSpace declares {obs.Length}).");
                return false;
            }
            if (!float.IsFinite(obs[i])) { errors.Add($"{where} wrote a non-finite observation [{Show(obs)}] (value {i})."); return false; }
            if (obs[i] < box.Low[i] || obs[i] > box.High[i])
            {
                errors.Add($"{where} wrote observation value {i} = {obs[i]}, outside the declared box [{box.Low[i]}, {box.High[i]}].");
                return false;
            }
        }
        return true;
    }

    static StepResult Step(Env env, float[] action, float[] obs) =>
        env.ActionSpace is DiscreteSpace ? env.Step((int)action[0], obs) : env.Step(action, obs);

    // a random action; the first n steps of a Discrete(n) space take every action once
    static float[] RandomAction(Space space, ref Pcg64 rng, int t)
    {
        var a = new float[space.FlatSize];
        if (space is DiscreteSpace d && t < d.N) a[0] = t;
        else space.Sample(ref rng, a);
        return a;
    }

    static Exception? Throws(Action act)
    {
        try { act(); return null; }
        catch (Exception e) { return e; }
    }

    static float[] Fresh(Env env) { var o = new float[env.ObservationSize]; Array.Fill(o, Unwritten); return o; }
    static bool Same(float[] a, float[] b) => // bit for bit (0.0 and −0.0 differ, a NaN equals only itself)
        System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(a.AsSpan()).SequenceEqual(System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(b.AsSpan()));
    static string Show(float[] x) => string.Join(", ", x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
}
