// The built-in weight subsets by name: the paper's RBV and two more, each chosen for a reason given in
// its file. Rein2Trainer builds one from the options unless it is given a subset of the user's own.
namespace Rein2.Pure.Meta;

/// <summary>The weight subsets REIN-2 ships.</summary>
public static class WeightSubsets
{
    /// <summary>Each built-in subset: its name (as --set subset= takes it) and what it is.</summary>
    public static IReadOnlyList<(SubsetKind Kind, string Name, string Description)> All { get; } =
    [
        (SubsetKind.Rbv, "rbv", "the paper's Randomized Batch Vector: a random fraction (rbv, default 1 %) of the weights"),
        (SubsetKind.Layer, "layer", "the output layer, whole: a linear read-out of the fixed random hidden features"),
        (SubsetKind.Subspace, "subspace", "θ₀ + P·z, a random subspace of subspace_dim dimensions moving every weight (Li et al. 2018; bound_mode=offset)"),
    ];

    /// <summary>The built-in subset <paramref name="context"/>'s options name.</summary>
    public static IWeightSubset Create(WeightSubsetContext context) => context.Options.Subset switch
    {
        SubsetKind.Layer => new OutputLayerSubset(context),
        SubsetKind.Subspace => new RandomSubspace(context),
        _ => new RandomizedBatchVector(context),
    };
}
