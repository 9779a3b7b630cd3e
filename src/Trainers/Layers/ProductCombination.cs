using TorchSharp;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>The multiplicative node of the <c>*_prod</c> links (<see cref="LinkCombination.Product"/>) and of the
/// <see cref="ProductLayer"/>: <c>y_o = prod_i (1 + f_oi) - 1 + (1 - alpha) · sum_i f_oi</c>.</summary>
/// <remarks>
/// <para><b>Why this form.</b> Expanded, <c>prod_i (1 + f_i) - 1 = sum_i f_i + sum_{i&lt;j} f_i f_j + ...</c>: the
/// plain sum of the additive layer plus every interaction term, so a layer with small links starts close to the
/// additive layer. <c>alpha</c> (default 1, the pure product) mixes in an extra copy of the additive part.</para>
/// <para><b>The original's sign inconsistency, resolved.</b> The original adds the alpha term in its link layers
/// (<c>BasisProd</c>) and in its README formula, but subtracts it in its <c>Product</c> layer
/// (<c>prod_i (1 + w_oi x_i) - (1 - alpha) sum_i w_oi x_i - 1</c>). We use <b>+</b> everywhere, so the product layer is
/// exactly this node over linear links <c>f_oi = w_oi x_i</c> (plus a bias), one formula for both; and with
/// <c>alpha &lt;= 1</c> the additive part is never cancelled, so the first-order (gradient at zero) behaviour of every
/// link stays that of the additive layer. At the default <c>alpha = 1</c> both of the original's forms agree.</para>
/// </remarks>
public static class ProductCombination
{
    /// <summary>Combines link values.</summary>
    /// <param name="links">(B, in, out) link values <c>f_oi</c>.</param>
    /// <param name="alpha">Weight of the pure product; <c>1 - alpha</c> is the weight of the extra additive term.</param>
    /// <returns>(B, out).</returns>
    public static Tensor Combine(Tensor links, double alpha)
    {
        ArgumentNullException.ThrowIfNull(links);
        using var scope = NewDisposeScope();
        using Scalar one = 1.0; // held for the native calls (a temporary Scalar can be finalised under load)
        Tensor y = links.add(one, one).prod(1).sub(one);                                      // prod_i (1 + f_oi) - 1: (B, out) (prod saves its result: not in place)
        if (alpha != 1.0)
        {
            using Scalar additive = 1.0 - alpha;
            y = y.add(links.sum(1), additive);                                          // + (1 - alpha) sum_i f_oi
        }
        return y.MoveToOuterDisposeScope();
    }
}
