using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;
using LanguageInterpolation.Trainers.Networks;

namespace LanguageInterpolation.Tests.Trainers.Networks.Toy;

/// <summary>The toy's one registration: name, configuration type and ONNX form.</summary>
public sealed class RunningMeanType : NetworkType<RunningMeanConfig, RunningMean>
{
    public override string Name => RunningMeanConfig.TypeName;

    public override string Description => "Test-only causal running-mean sequence model.";

    protected override string Emit(OnnxGraphBuilder graph, RunningMean network, string ids)
    {
        int positions = network.Config.WindowSize;
        string table = graph.AddInitializer("toy_embedding", TensorValues.Of(network.Embedding), network.Embedding.shape[0], network.Embedding.shape[1]);
        string embedded = graph.AddNode("Gather", [table, ids], null, OnnxAttributes.Int("axis", 0));                          // (B, T, W)
        string sums = graph.AddNode("CumSum", [embedded, graph.AddInitializer(OnnxTensors.Int64("toy_time_axis", [1]))]);                             // (B, T, W)
        string counts = graph.AddInitializer("toy_counts", Enumerable.Range(1, positions).Select(count => (float)count).ToArray(), 1, positions, 1);
        string means = graph.AddNode("Div", [sums, counts]);
        using var weight = network.Head.weight!.detach().t();
        string projected = graph.AddNode("MatMul", [means, graph.AddInitializer("toy_head_weight", TensorValues.Of(weight), weight.shape[0], weight.shape[1])]);
        return graph.AddNode("Add", [projected, graph.AddInitializer("toy_head_bias", TensorValues.Of(network.Head.bias!), network.Head.bias!.shape[0])]); // (B, T, V)
    }
}
