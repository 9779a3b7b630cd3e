using LanguageInterpolation.Common.Onnx;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>Registers the high-order Mamba and writes it as ONNX.</summary>
public sealed class HighOrderMambaType : NetworkType<HighOrderMambaConfig, HighOrderMamba>
{
    /// <inheritdoc />
    public override string Name => HighOrderMambaConfig.TypeName;

    /// <inheritdoc />
    public override string Description => "High-order Mamba: the Mamba blocks with every projection a stack of piecewise-polynomial layers (inputs squashed by tanh); trains on every position, generates with constant cost per character.";

    /// <inheritdoc />
    protected override string Emit(OnnxGraphBuilder graph, HighOrderMamba network, string ids) => MambaOnnx.Emit(graph, network, ids);
}
