namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>How an ensemble combines its members' next-character distributions.</summary>
public enum MixingMethod
{
    /// <summary>Fixed weights fitted on validation text (<see cref="StaticMixture"/>).</summary>
    Static,

    /// <summary>Weights that follow the text, updated at every character (<see cref="SwitchingMixture"/>).</summary>
    Switching,

    /// <summary>A product of the members' distributions with fitted exponents (<see cref="LogLinearPooling"/>).</summary>
    LogLinear,
}
