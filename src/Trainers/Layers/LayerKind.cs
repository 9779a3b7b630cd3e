namespace LanguageInterpolation.Trainers.Layers;

/// <summary>Which fully connected layer a network uses in one role (input, hidden or output), built by
/// <see cref="FullyConnectedLayers.Create"/> from the role's <see cref="HighOrderLayerConfig"/>.</summary>
public enum LayerKind
{
    /// <summary>The default: a <see cref="HighOrderLayer"/> that sums its links (the original's continuous,
    /// discontinuous, polynomial and fourier layers).</summary>
    Sum,

    /// <summary>A <see cref="HighOrderLayer"/> with <see cref="LinkCombination.Product"/>: the original's
    /// <c>continuous_prod</c>, <c>discontinuous_prod</c> and <c>polynomial_prod</c> layers (the link kind still says
    /// which).</summary>
    LinkProduct,

    /// <summary>A <see cref="ProductLayer"/> (the original's <c>product</c>): linear links multiplied, plus a bias;
    /// the link kind, nodes and segments are not used.</summary>
    Product,

    /// <summary>A <see cref="SwitchLayer"/> (the original's <c>switch_continuous</c> / <c>switch_discontinuous</c>):
    /// several summing high-order layers multiplied element-wise.</summary>
    Switch,
}
