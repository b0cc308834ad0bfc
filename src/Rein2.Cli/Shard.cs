// `--shard i/n`: which part of a grid this process runs. The grid's jobs are dealt to n shards by
// estimated cost — longest first, each to the shard with the least work so far (ties: the lower
// shard) — so shards finish together and every process that sees the same grid computes the same
// split. `--shard auto` reads the index from the batch engine running this process:
//   Slurm job array   SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT (index = (ID − MIN) / STEP, so
//                     --array=1-8 or 0-14:2 work too)
//   Kubernetes        JOB_COMPLETION_INDEX of an Indexed Job; the count from --shard-count or
//                     REIN2_SHARD_COUNT (Kubernetes does not expose `completions` to the pod)
using System.Globalization;

namespace Rein2.Cli;

public readonly record struct Shard(int Index, int Count)
{
    public override string ToString() => $"{Index}/{Count}";

    /// <summary>The shard named by `--shard` (i/n or auto) and `--shard-count`; null without `--shard`.</summary>
    public static Shard? FromFlags(ParsedArgs p, Func<string, string?> env)
    {
        string? text = p.Get("--shard");
        string? countFlag = p.Get("--shard-count");
        if (text is null)
        {
            if (countFlag != null) throw new UsageException("--shard-count goes with --shard auto (Kubernetes); without --shard it has no meaning.");
            return null;
        }
        if (text != "auto")
        {
            if (countFlag != null) throw new UsageException($"--shard-count goes with --shard auto; --shard {CommandLine.Printable(text)} names its count itself.");
            int slash = text.IndexOf('/');
            if (slash < 0 || !TryCount(text[..slash], out int i) || !TryCount(text[(slash + 1)..], out int n) || n < 1 || i >= n)
                throw new UsageException($"--shard {CommandLine.Printable(text)}: expected i/n with 0 ≤ i < n ≤ {MaxCount} (e.g. 0/4), or auto.");
            return new Shard(i, n);
        }
        if (env("SLURM_ARRAY_TASK_ID") is string id)
        {
            int min = Variable(env, "SLURM_ARRAY_TASK_MIN") ?? 0, step = Variable(env, "SLURM_ARRAY_TASK_STEP") ?? 1;
            int task = Variable(env, "SLURM_ARRAY_TASK_ID")!.Value;
            int count = Variable(env, "SLURM_ARRAY_TASK_COUNT")
                ?? throw new UsageException("--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give --shard i/n instead.");
            if (step < 1 || (task - min) % step != 0)
                throw new UsageException($"--shard auto: SLURM_ARRAY_TASK_ID={id} is not MIN + k·STEP (MIN {min}, STEP {step}); give --shard i/n instead.");
            return Checked((task - min) / step, count, "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT");
        }
        if (Variable(env, "JOB_COMPLETION_INDEX") is int k)
        {
            int count = countFlag != null ? (TryCount(countFlag, out int c) ? c : throw new UsageException($"--shard-count {CommandLine.Printable(countFlag)}: expected an integer 1 … {MaxCount}."))
                : Variable(env, "REIN2_SHARD_COUNT")
                ?? throw new UsageException("--shard auto under Kubernetes (JOB_COMPLETION_INDEX is set) needs the count: --shard-count N or REIN2_SHARD_COUNT=N, equal to the Job's completions.");
            return Checked(k, count, "JOB_COMPLETION_INDEX", countFlag != null ? "--shard-count" : "REIN2_SHARD_COUNT");
        }
        throw new UsageException("--shard auto: neither a Slurm array task (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX) is running this process; give --shard i/n.");
    }

    public const int MaxCount = 100_000;

    static Shard Checked(int i, int n, string indexName, string countName)
    {
        if (n is < 1 or > MaxCount) throw new UsageException($"--shard auto: {countName}={n} is out of range; allowed: 1 … {MaxCount}.");
        if (i < 0 || i >= n) throw new UsageException($"--shard auto: {indexName} gives shard {i}, outside 0 … {n - 1} ({countName}={n}).");
        return new Shard(i, n);
    }

    static int? Variable(Func<string, string?> env, string name)
    {
        if (env(name) is not string v) return null;
        if (!int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int x))
            throw new UsageException($"--shard auto: {name}={CommandLine.Printable(v)} is not an integer.");
        return x;
    }

    static bool TryCount(string s, out int v) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v <= MaxCount;

    /// <summary>Deals jobs (by estimated cost) to <see cref="Count"/> shards; returns the indices of this shard's jobs, longest first.</summary>
    public int[] Select(IReadOnlyList<double> costs)
    {
        var load = new double[Count];
        var mine = new List<int>();
        foreach (int j in LongestFirst(costs))
        {
            int to = 0;
            for (int s = 1; s < Count; s++) if (load[s] < load[to]) to = s;
            load[to] += costs[j];
            if (to == Index) mine.Add(j);
        }
        return [.. mine];
    }

    /// <summary>Job indices, costliest first (ties by index): the order every grid runs its jobs in.</summary>
    public static IEnumerable<int> LongestFirst(IReadOnlyList<double> costs) =>
        Enumerable.Range(0, costs.Count).OrderByDescending(j => costs[j]).ThenBy(j => j);
}
