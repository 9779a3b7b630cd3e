using System.Text.Json.Serialization;
using TorchSharp;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// The standard Mamba (the original's <c>net=mamba</c> with <c>layer_type=linear</c>): linear projections, without
/// bias except the step-size projection's, which starts at softplus⁻¹ of step sizes drawn log-uniformly in
/// [0.001, 0.1] (the standard Mamba initialisation). The baseline the high-order Mamba is measured against.
/// </summary>
public sealed record StandardMambaConfig : MambaNetworkConfig
{
    /// <summary>JSON type name.</summary>
    public const string TypeName = "mamba";

    /// <inheritdoc />
    [JsonIgnore]
    public override string NetworkType => TypeName;

    /// <inheritdoc />
    public override long ParameterCount() =>
        SharedParameterCount()
        + Blocks * ((long)Width * 2 * InnerWidth + (long)InnerWidth * (ResolvedDeltaRank + 2L * StateSize)
                    + ((long)ResolvedDeltaRank + 1) * InnerWidth + (long)InnerWidth * Width);

    /// <inheritdoc />
    protected override LanguageNetwork BuildValidated(torch.Generator? generator) => new StandardMamba(this, generator);
}
