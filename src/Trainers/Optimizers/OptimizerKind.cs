namespace LanguageInterpolation.Trainers.Optimizers;

/// <summary>The parameter update rules that <see cref="OptimizerFactory"/> can build.</summary>
public enum OptimizerKind
{
    /// <summary>Lion (Chen et al. 2023): the sign of a momentum interpolation, with decoupled weight decay.</summary>
    Lion,

    /// <summary>Lion restricted to the entries whose gradient is non-zero; the others keep parameter and momentum.</summary>
    SparseLion,

    /// <summary>Adam (Kingma &amp; Ba 2015), bias-corrected, with weight decay as an L2 term in the gradient.</summary>
    Adam,

    /// <summary>AdamW (Loshchilov &amp; Hutter 2019): Adam with decoupled weight decay.</summary>
    AdamW,
}
