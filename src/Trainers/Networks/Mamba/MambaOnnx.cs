using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Trainers.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// Writes a <see cref="MambaNetwork"/> as ONNX nodes (opset 17) for windows of exactly T positions, and the block
/// pieces that the step graph (<see cref="MambaStepOnnx"/>) shares. The causal convolution is a grouped Conv with
/// K - 1 zeros of padding before the window (or, in a step, after the state's last K - 1 inputs); the scan is
/// unrolled over the T positions (a Split of a and b along time, then hₜ = aₜ hₜ₋₁ + bₜ and a Concat), which is
/// 2T small nodes per block and no shape computed at run time; every reshape uses constant shapes with -1 for
/// the batch.
/// </summary>
public static class MambaOnnx
{
    /// <summary>Emits the network on <paramref name="ids"/> (B, T); returns the logits (B, T, V).</summary>
    public static string Emit(OnnxGraphBuilder graph, MambaNetwork network, string ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(network);
        int positions = network.Config.WindowSize;
        string h = EmitEmbedding(graph, network, ids);                                                           // (B, T, W)
        for (int block = 0; block < network.Blocks.Count; block++)
        {
            h = EmitBlock(graph, network.Blocks[block], h, positions, $"block{block}", step: null);              // (B, T, W)
        }
        return EmitHead(graph, network, h);                                                                      // (B, T, V)
    }

    /// <summary>A step's state of one block: the inputs it reads and the names under which it writes the state after
    /// the new position.</summary>
    internal sealed record StepState(string ConvolutionInputs, string State, string NextConvolutionInputs, string NextState);

    internal static string EmitEmbedding(OnnxGraphBuilder graph, MambaNetwork network, string ids)
    {
        Parameter table = network.Embedding;
        string weight = graph.AddInitializer("embedding", TensorValues.Of(table), table.shape[0], table.shape[1]);
        return graph.AddNode("Gather", [weight, ids], null, OnnxAttributes.Int("axis", 0));                   // (B, T, W)
    }

    // logits = RMSNorm(h) Eᵀ with the tied table, stored transposed (W, V) for the MatMul.
    internal static string EmitHead(OnnxGraphBuilder graph, MambaNetwork network, string h)
    {
        using Tensor transposed = network.Embedding.detach().t().contiguous();
        string head = graph.AddInitializer("head", TensorValues.Of(transposed), transposed.shape[0], transposed.shape[1]);
        return graph.AddNode("MatMul", [EmitRmsNorm(graph, network.FinalNorm, h, "final_norm"), head]);        // (B, T, V)
    }

    internal static string EmitBlock(OnnxGraphBuilder graph, MambaBlock block, string x, int positions, string prefix, StepState? step)
    {
        int inner = (int)block.ConvolutionWeight.shape[0];
        int kernel = (int)block.ConvolutionWeight.shape[2];
        int stateSize = (int)block.LogDecay.shape[1];
        int rank = (int)(Projected(block.SelectionProjection) - 2 * stateSize);
        string Part(string input, int start, int end, int axis, string name) => graph.AddNode("Slice",
            [input, graph.Int64Constant($"{prefix}_{name}_start", start), graph.Int64Constant($"{prefix}_{name}_end", end), graph.Int64Constant($"{prefix}_{name}_axis", axis)]);

        string branchAndGate = EmitProjection(graph, block.InProjection, EmitRmsNorm(graph, block.Norm, x, prefix + "_norm"), positions, prefix + "_in");   // (B, T, 2D)
        string branch = graph.AddNode("Transpose", [Part(branchAndGate, 0, inner, 2, "branch")], null, OnnxAttributes.Ints("perm", [0, 2, 1]));   // (B, D, T)
        string gate = Part(branchAndGate, inner, 2 * inner, 2, "gate");                                                                          // (B, T, D)
        string weight = graph.AddInitializer(prefix + "_convolution_weight", TensorValues.Of(block.ConvolutionWeight), inner, 1, kernel);
        string bias = graph.AddInitializer(prefix + "_convolution_bias", TensorValues.Of(block.ConvolutionBias), inner);
        string convolved;
        if (step is null)
        {
            convolved = graph.AddNode("Conv", [branch, weight, bias], null,
                OnnxAttributes.Int("group", inner), OnnxAttributes.Ints("kernel_shape", [kernel]), OnnxAttributes.Ints("pads", [kernel - 1, 0]));   // (B, D, T)
        }
        else
        {
            string sequence = graph.AddNode("Concat", [step.ConvolutionInputs, branch], null, OnnxAttributes.Int("axis", 2));                // (B, D, K)
            graph.AddNode("Slice", [sequence, graph.Int64Constant(prefix + "_keep_start", 1), graph.Int64Constant(prefix + "_keep_end", kernel),
                graph.Int64Constant(prefix + "_keep_axis", 2)], step.NextConvolutionInputs);                                                    // (B, D, K-1)
            convolved = graph.AddNode("Conv", [sequence, weight, bias], null, OnnxAttributes.Int("group", inner), OnnxAttributes.Ints("kernel_shape", [kernel]));   // (B, D, 1)
        }
        string u = EmitSilu(graph, graph.AddNode("Transpose", [convolved], null, OnnxAttributes.Ints("perm", [0, 2, 1])));                  // (B, T, D)

        string selection = EmitProjection(graph, block.SelectionProjection, u, positions, prefix + "_selection");                            // (B, T, R+2N)
        string stepSize = graph.AddNode("Softplus", [EmitProjection(graph, block.DeltaProjection, Part(selection, 0, rank, 2, "delta"), positions, prefix + "_delta")]);   // (B, T, D)
        string delta = graph.AddNode("Reshape", [stepSize, graph.Int64Constant(prefix + "_column_shape", -1, positions, inner, 1)]);        // (B, T, D, 1)
        string b = graph.AddNode("Reshape", [Part(selection, rank, rank + stateSize, 2, "b"), graph.Int64Constant(prefix + "_row_shape", -1, positions, 1, stateSize)]);   // (B, T, 1, N)
        string c = graph.AddNode("Reshape", [Part(selection, rank + stateSize, rank + 2 * stateSize, 2, "c"), graph.Int64Constant(prefix + "_c_shape", -1, positions, stateSize, 1)]);   // (B, T, N, 1)
        using Tensor a = -block.LogDecay.detach().exp();
        string decay = graph.AddNode("Exp", [graph.AddNode("Mul", [delta, graph.AddInitializer(prefix + "_a", TensorValues.Of(a), inner, stateSize)])]);   // (B, T, D, N)
        string uColumn = graph.AddNode("Reshape", [u, graph.Int64Constant(prefix + "_u_shape", -1, positions, inner, 1)]);                  // (B, T, D, 1)
        string drive = graph.AddNode("Mul", [graph.AddNode("Mul", [delta, b]), uColumn]);                                                   // (B, T, D, N)
        string states = step is null
            ? EmitScan(graph, decay, drive, positions, prefix)
            : EmitStep(graph, decay, drive, step, inner, stateSize, prefix);                                                                 // (B, T, D, N)
        string y = graph.AddNode("Reshape", [graph.AddNode("MatMul", [states, c]), graph.Int64Constant(prefix + "_y_shape", -1, positions, inner)]);   // (B, T, D)
        string skip = graph.AddInitializer(prefix + "_skip", TensorValues.Of(block.Skip), inner);
        string withSkip = graph.AddNode("Add", [y, graph.AddNode("Mul", [u, skip])]);                                                       // (B, T, D)
        string gated = graph.AddNode("Mul", [withSkip, EmitSilu(graph, gate)]);                                                             // (B, T, D)
        return graph.AddNode("Add", [x, EmitProjection(graph, block.OutProjection, gated, positions, prefix + "_out")]);                      // (B, T, W)
    }

    // hₜ = aₜ hₜ₋₁ + bₜ from h₋₁ = 0, unrolled over the window.
    private static string EmitScan(OnnxGraphBuilder graph, string decay, string drive, int positions, string prefix)
    {
        if (positions == 1)
        {
            return drive;
        }
        string[] Split(string input, string name) => graph.AddNode("Split", [input],
            [.. Enumerable.Range(0, positions).Select(t => graph.UniqueName($"{prefix}_{name}{t}"))], "", OnnxAttributes.Int("axis", 1));   // T × (B, 1, D, N)
        string[] a = Split(decay, "a");
        string[] b = Split(drive, "b");
        var states = new string[positions];
        states[0] = b[0];
        for (int t = 1; t < positions; t++)
        {
            states[t] = graph.AddNode("Add", [graph.AddNode("Mul", [a[t], states[t - 1]]), b[t]]);                                          // (B, 1, D, N)
        }
        return graph.AddNode("Concat", states, null, OnnxAttributes.Int("axis", 1));                                                         // (B, T, D, N)
    }

    // One step from the state input: h = a h₋₁ + b, also written as the next state (B, D, N).
    private static string EmitStep(OnnxGraphBuilder graph, string decay, string drive, StepState step, int inner, int stateSize, string prefix)
    {
        string past = graph.AddNode("Reshape", [step.State, graph.Int64Constant(prefix + "_past_shape", -1, 1, inner, stateSize)]);        // (B, 1, D, N)
        string h = graph.AddNode("Add", [graph.AddNode("Mul", [decay, past]), drive]);                                                     // (B, 1, D, N)
        graph.AddNode("Reshape", [h, graph.Int64Constant(prefix + "_next_shape", -1, inner, stateSize)], step.NextState);                  // (B, D, N)
        return h;
    }

    // y = x / √(mean(x²) + ε) · g over the last axis.
    private static string EmitRmsNorm(OnnxGraphBuilder graph, RmsNormalization norm, string x, string prefix)
    {
        string meanSquare = graph.AddNode("ReduceMean", [graph.AddNode("Mul", [x, x])], null, OnnxAttributes.Ints("axes", [-1]), OnnxAttributes.Int("keepdims", 1));
        string scale = graph.AddNode("Reciprocal", [graph.AddNode("Sqrt", [graph.AddNode("Add", [meanSquare, graph.FloatScalar(prefix + "_epsilon", (float)MambaDefaults.RmsEpsilon)])])]);
        string gain = graph.AddInitializer(prefix + "_weight", TensorValues.Of(norm.Weight), norm.Weight.shape[0]);
        return graph.AddNode("Mul", [graph.AddNode("Mul", [x, scale]), gain]);
    }

    private static string EmitSilu(OnnxGraphBuilder graph, string x) => graph.AddNode("Mul", [x, graph.AddNode("Sigmoid", [x])]);

    private static string EmitProjection(OnnxGraphBuilder graph, nn.Module<Tensor, Tensor> projection, string x, int positions, string prefix)
    {
        switch (projection)
        {
            case Linear linear:
            {
                using Tensor transposed = linear.weight!.detach().t().contiguous();
                string weight = graph.AddInitializer(prefix + "_weight", TensorValues.Of(transposed), transposed.shape[0], transposed.shape[1]);
                string y = graph.AddNode("MatMul", [x, weight]);
                return linear.bias is null ? y : graph.AddNode("Add", [y, graph.AddInitializer(prefix + "_bias", TensorValues.Of(linear.bias), linear.bias.shape[0])]);
            }
            case HighOrderProjection highOrder:
            {
                string h = highOrder.SquashInputs ? graph.AddNode("Tanh", [x]) : x;
                for (int index = 0; index < highOrder.Layers.Count; index++)
                {
                    HighOrderLayer layer = highOrder.Layers[index];
                    string rows = graph.AddNode("Reshape", [h, graph.Int64Constant($"{prefix}{index}_rows_shape", -1, layer.Config.InFeatures)]);    // (B·T, in)
                    string y = HighOrderLayerOnnx.Emit(graph, layer, rows, $"{prefix}{index}");                                                     // (B·T, out)
                    h = graph.AddNode("Reshape", [y, graph.Int64Constant($"{prefix}{index}_shape", -1, positions, layer.Config.OutFeatures)]);      // (B, T, out)
                }
                return h;
            }
            default:
                throw new NotSupportedException($"Projection module {projection.GetType().Name} has no ONNX form.");
        }
    }

    private static long Projected(nn.Module<Tensor, Tensor> projection) => projection switch
    {
        Linear linear => linear.weight!.shape[0],
        HighOrderProjection highOrder => highOrder.Layers[^1].Config.OutFeatures,
        _ => throw new NotSupportedException($"Projection module {projection.GetType().Name} has no ONNX form."),
    };
}
