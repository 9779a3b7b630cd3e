namespace LanguageInterpolation.Trainers.Layers;

/// <summary>How an output of a <see cref="HighOrderLayer"/> combines its incoming link values <c>f_oi = f_oi(x_i)</c>.</summary>
public enum LinkCombination
{
    /// <summary>The default: <c>y_o = sum_i f_oi</c> (the original's continuous, discontinuous, polynomial and fourier
    /// layers).</summary>
    Sum,

    /// <summary>Multiplicative: <c>y_o = prod_i (1 + f_oi) - 1 + (1 - alpha) sum_i f_oi</c> with
    /// <see cref="HighOrderLayerConfig.ProductAlpha"/> (the original's <c>continuous_prod</c>,
    /// <c>discontinuous_prod</c> and <c>polynomial_prod</c> layers; see <see cref="ProductCombination"/>).</summary>
    Product,
}
