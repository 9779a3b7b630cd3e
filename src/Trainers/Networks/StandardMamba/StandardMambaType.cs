using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the standard Mamba and writes it as ONNX.</summary>
public sealed class StandardMambaType : NetworkType<StandardMambaConfig, StandardMamba>
{
    /// <inheritdoc />
    public override string Name => StandardMambaConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "Standard Mamba: tied embedding, residual selective state-space blocks with linear projections, causal convolution and a chunked scan; trains on every position, generates with constant cost per character.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, StandardMamba network, string ids) => MambaOnnx.Emit(graph, network, ids);
}
