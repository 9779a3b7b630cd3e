using LanguageInterpolation.Common.Onnx;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Layers;

/// <summary>
/// Writes a <see cref="HighOrderLayer"/> as ONNX nodes, with the same math as its forward: range policy;
/// active segment <c>k = clip(floor((x+1) S/2), 0, S-1)</c> and local <c>t = S(x+1) - 2k - 1</c>; basis
/// (Lagrange on Chebyshev-Lobatto nodes as products of gathered offsets, or Fourier as
/// <c>a_j sin(w_j t + p_j)</c>); then the layer's own contraction: for <see cref="PiecewiseAlgorithm.GatherActive"/>
/// a Gather of the active weight rows <c>i*K + k*stride + j</c> and one batched MatMul with the basis values,
/// otherwise the basis values scattered into a zero (B, in*K) matrix and one MatMul with the weight viewed as (in*K, out).
/// Piecewise linear links (continuous, two nodes, few segments) are written as hinges instead, one MatMul of
/// <c>[x, relu(x - p_k)]</c> (see <see cref="EmitHinges"/>).
/// With <see cref="LinkCombination.Product"/> the link values (B, in, out) are formed instead (active rows gathered, or
/// one MatMul batched over the inputs when every weight is active) and combined by <see cref="ProductCombinationOnnx"/>.
/// </summary>
public static class HighOrderLayerOnnx
{
    /// <summary>Emits <paramref name="layer"/> applied to <paramref name="input"/> (B, in); returns the output (B, out).</summary>
    public static string Emit(OnnxGraphBuilder graph, HighOrderLayer layer, string input, string prefix) =>
        Emit(graph, layer, input, prefix, linkMask: null);

    /// <summary>Emits <paramref name="layer"/> with links switched off by a constant mask, as
    /// <see cref="HighOrderLayer"/>'s masked forward: <paramref name="linkMask"/> is (P, in) row-major, and row r of
    /// the input uses mask row <c>r mod P</c> (the input's rows must be a multiple of P).</summary>
    public static string Emit(OnnxGraphBuilder graph, HighOrderLayer layer, string input, string prefix, float[,]? linkMask)
    {
        HighOrderLayerConfig config = layer.Config;
        int inputs = config.InFeatures;
        int nodes = config.Nodes;
        int weightsPerLink = config.WeightsPerLink;
        string x = EmitRange(graph, input, config.Range, prefix);                                    // (B, in)
        if (IsPiecewiseLinear(layer) && linkMask is null)
        {
            return EmitHinges(graph, layer, x, prefix);                                               // (B, out)
        }
        string t;
        string? firstWeight = null;
        string? segment = null;
        if (config.IsPiecewise)
        {
            string one = graph.FloatScalar(prefix + "_one", 1f);
            string two = graph.FloatScalar(prefix + "_two", 2f);
            string scaled = graph.AddNode("Mul", [graph.AddNode("Add", [x, one]),
                graph.FloatScalar(prefix + "_half_segments", 0.5f * config.Segments)]);            // (B, in)
            segment = graph.AddNode("Clip", [graph.AddNode("Floor", [scaled]),
                graph.FloatScalar(prefix + "_segment_min", 0f), graph.FloatScalar(prefix + "_segment_max", config.Segments - 1)]);
            string twoSegmentPlusOne = graph.AddNode("Add", [graph.AddNode("Mul", [segment, two]), one]);
            t = graph.AddNode("Sub", [graph.AddNode("Mul", [scaled, two]), twoSegmentPlusOne]);          // (B, in)
            string segmentIndex = graph.AddNode("Cast", [segment], null, OnnxAttributes.Int("to", (long)DataType.Int64));
            firstWeight = graph.AddNode("Mul", [segmentIndex, graph.Int64Constant(prefix + "_stride", config.SegmentStride)]); // (B, in)
        }
        else
        {
            t = x;
        }
        string basis = config.Kind == LinkKind.Fourier ? EmitFourier(graph, t, nodes, prefix) : EmitLagrange(graph, t, nodes, prefix); // (B, in, n)
        if (linkMask is not null)
        {
            int period = linkMask.GetLength(0);
            string grouped = graph.AddNode("Reshape", [basis, graph.Int64Constant(prefix + "_mask_grouped_shape", -1, period, inputs, nodes)]); // (B/P, P, in, n)
            string mask = graph.AddInitializer(prefix + "_link_mask", linkMask.Cast<float>().ToArray(), period, inputs, 1);                     // (P, in, 1)
            basis = graph.AddNode("Reshape", [graph.AddNode("Mul", [grouped, mask]), graph.Int64Constant(prefix + "_mask_flat_shape", -1, inputs, nodes)]); // (B, in, n)
        }
        // Shapes are constants (0 = keep the batch dimension): a shape computed from Shape would be placed on the
        // CPU by ONNX Runtime's CUDA provider, a device round trip per layer.
        string flatShape = graph.Int64Constant(prefix + "_flat_basis_shape", 0, (long)inputs * nodes);
        string flatBasis = graph.AddNode("Reshape", [basis, flatShape]);                             // (B, in*n)
        if (config.Combination == LinkCombination.Product && (firstWeight is null || nodes == weightsPerLink))
        {
            // Every weight active: f[b, i, o] = basis[b, i, :] · W[i, :, o], one MatMul batched over the inputs.
            string perInput = graph.AddNode("Transpose", [basis], null, OnnxAttributes.Ints("perm", [1, 0, 2]));      // (in, B, n)
            string linkWeight = graph.AddInitializer(prefix + "_link_weight", TensorValues.Of(layer.Weight), inputs, weightsPerLink, config.OutFeatures);
            string links = graph.AddNode("Transpose", [graph.AddNode("MatMul", [perInput, linkWeight])], null, OnnxAttributes.Ints("perm", [1, 0, 2])); // (B, in, out)
            return ProductCombinationOnnx.Emit(graph, links, config.ProductAlpha, prefix);                           // (B, out)
        }
        string weight = graph.AddInitializer(prefix + "_weight", TensorValues.Of(layer.Weight), (long)inputs * weightsPerLink, config.OutFeatures);
        if (firstWeight is null || nodes == weightsPerLink)
        {
            return graph.AddNode("MatMul", [flatBasis, weight]);                                    // every weight active: (B, out)
        }
        long[] linkStart = Enumerable.Range(0, inputs).Select(i => (long)i * weightsPerLink).ToArray();
        string start = graph.AddNode("Add", [firstWeight, graph.AddInitializer(prefix + "_link_start", linkStart, inputs)]); // (B, in)
        string rows = graph.AddNode("Add", [
            graph.AddNode("Unsqueeze", [start, graph.Int64Constant(prefix + "_last_axis", -1)]),
            graph.AddInitializer(prefix + "_node_offsets", Enumerable.Range(0, nodes).Select(j => (long)j).ToArray(), nodes)]); // (B, in, n)
        string flatRows = graph.AddNode("Reshape", [rows, flatShape]);                              // (B, in*n)
        if (config.Combination == LinkCombination.Product)
        {
            // f[b, i, o] = sum_j basis[b, i, j] · W[rows[b, i, j], o]: the active rows gathered, (B, in, n, out).
            string active = graph.AddNode("Reshape", [graph.AddNode("Gather", [weight, flatRows], null, OnnxAttributes.Int("axis", 0)),
                graph.Int64Constant(prefix + "_active_shape", 0, inputs, nodes, config.OutFeatures)]);               // (B, in, n, out)
            string row = graph.AddNode("Unsqueeze", [basis, graph.Int64Constant(prefix + "_node_row_axis", 2)]);      // (B, in, 1, n)
            string links = graph.AddNode("Squeeze", [graph.AddNode("MatMul", [row, active]), graph.Int64Constant(prefix + "_node_row_squeeze", 2)]); // (B, in, out)
            return ProductCombinationOnnx.Emit(graph, links, config.ProductAlpha, prefix);                           // (B, out)
        }
        if (layer.Algorithm == PiecewiseAlgorithm.GatherActive)
        {
            // Only the active rows: (B, 1, in*n) x (B, in*n, out), cost independent of K.
            string active = graph.AddNode("Gather", [weight, flatRows], null, OnnxAttributes.Int("axis", 0));          // (B, in*n, out)
            string row = graph.AddNode("Unsqueeze", [flatBasis, graph.Int64Constant(prefix + "_row_axis", 1)]);         // (B, 1, in*n)
            return graph.AddNode("Squeeze", [graph.AddNode("MatMul", [row, active]), prefix + "_row_axis"]);           // (B, out)
        }
        // (B, in*K) zeros without a computed shape: a zero column (B, 1) from the clipped segment (always finite)
        // broadcast against a zero row (1, in*K).
        string zeroColumn = graph.AddNode("Mul", [
            graph.AddNode("Slice", [segment!, graph.Int64Constant(prefix + "_first_column_start", 0), graph.Int64Constant(prefix + "_first_column_end", 1), graph.Int64Constant(prefix + "_column_axis", 1)]),
            graph.FloatScalar(prefix + "_zero", 0f)]);                                                      // (B, 1)
        string zeros = graph.AddNode("Add", [zeroColumn, graph.AddInitializer(prefix + "_zero_row", new float[inputs * weightsPerLink], 1, (long)inputs * weightsPerLink)]); // (B, in*K)
        string expanded = graph.AddNode("ScatterElements", [zeros, flatRows, flatBasis], null, OnnxAttributes.Int("axis", 1)); // (B, in*K), n non-zeros per input
        return graph.AddNode("MatMul", [expanded, weight]);                                         // (B, out)
    }

    /// <summary>Continuous links with two nodes per segment, summed and expanded (few segments): piecewise linear
    /// functions, written as hinges.</summary>
    private static bool IsPiecewiseLinear(HighOrderLayer layer) =>
        layer.Config is { Kind: LinkKind.Continuous, Nodes: 2, Combination: LinkCombination.Sum }
        && layer.Algorithm != PiecewiseAlgorithm.GatherActive;

    /// <summary>A piecewise linear link with node positions p_0 .. p_S and segment slopes s_k is
    /// <c>f(x) = f(p_0) + s_0 (x - p_0) + sum_{k=1}^{S-1} (s_k - s_{k-1}) relu(x - p_k)</c> for every x (outside
    /// [-1, 1] the end segments extend, as the layer's forward does). So the layer is one MatMul of the S features
    /// <c>[x, relu(x - p_1), ..., relu(x - p_{S-1})]</c> of every input, (B, in·S), with coefficients (in·S, out), plus
    /// a bias: no segment search, basis or scatter, and S/(S+1) of the expanded product's multiply-adds.</summary>
    private static string EmitHinges(OnnxGraphBuilder graph, HighOrderLayer layer, string x, string prefix)
    {
        HighOrderLayerConfig config = layer.Config;
        int inputs = config.InFeatures, outputs = config.OutFeatures, segments = config.EffectiveSegments, nodes = config.WeightsPerLink;
        double[] positions = LinkGrid.NodePositions(config);                                           // p_0 .. p_S
        float[] weight = TensorValues.Of(layer.Weight);                                                // [in, S + 1, out]
        var coefficients = new float[inputs * segments * outputs];
        var bias = new double[outputs];
        var slopes = new double[segments];
        for (int i = 0; i < inputs; i++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double Value(int q) => weight[((i * nodes) + q) * outputs + o];
                for (int k = 0; k < segments; k++)
                {
                    slopes[k] = (Value(k + 1) - Value(k)) / (positions[k + 1] - positions[k]);
                }
                bias[o] += Value(0) - slopes[0] * positions[0];
                coefficients[((i * segments) + 0) * outputs + o] = (float)slopes[0];
                for (int k = 1; k < segments; k++)
                {
                    coefficients[((i * segments) + k) * outputs + o] = (float)(slopes[k] - slopes[k - 1]);
                }
            }
        }
        string column = graph.AddNode("Unsqueeze", [x, graph.Int64Constant(prefix + "_hinge_axis", -1)]);        // (B, in, 1)
        string features = column;
        if (segments > 1)
        {
            float[] knots = positions.Skip(1).Take(segments - 1).Select(position => (float)position).ToArray();
            string hinges = graph.AddNode("Relu", [graph.AddNode("Sub", [column, graph.AddInitializer(prefix + "_knots", knots, segments - 1)])]); // (B, in, S-1)
            features = graph.AddNode("Concat", [column, hinges], null, OnnxAttributes.Int("axis", -1));           // (B, in, S)
        }
        string flat = graph.AddNode("Reshape", [features, graph.Int64Constant(prefix + "_hinge_shape", 0, (long)inputs * segments)]); // (B, in·S)
        string product = graph.AddNode("MatMul", [flat, graph.AddInitializer(prefix + "_hinge_weight", coefficients, (long)inputs * segments, outputs)]);
        return graph.AddNode("Add", [product, graph.AddInitializer(prefix + "_hinge_bias", bias.Select(value => (float)value).ToArray(), outputs)]); // (B, out)
    }

    private static string EmitRange(OnnxGraphBuilder graph, string x, OutOfRangePolicy policy, string prefix) => policy switch
    {
        OutOfRangePolicy.Extrapolate => x,
        OutOfRangePolicy.Clamp => graph.AddNode("Clip", [x, graph.FloatScalar(prefix + "_minus_one", -1f), graph.FloatScalar(prefix + "_plus_one", 1f)]),
        OutOfRangePolicy.MirrorFold => EmitMirrorFold(graph, x, prefix),
        _ => throw new NotSupportedException($"Out-of-range policy {policy} has no ONNX form."),
    };

    // phase = (x + 1) mod 4 (floored, like torch.remainder); folded = 1 - |phase - 2|.
    private static string EmitMirrorFold(OnnxGraphBuilder graph, string x, string prefix)
    {
        string one = graph.FloatScalar(prefix + "_fold_one", 1f);
        string shifted = graph.AddNode("Add", [x, one]);
        string four = graph.FloatScalar(prefix + "_fold_four", 4f);
        string periods = graph.AddNode("Floor", [graph.AddNode("Div", [shifted, four])]);
        string phase = graph.AddNode("Sub", [shifted, graph.AddNode("Mul", [periods, four])]);
        string distance = graph.AddNode("Abs", [graph.AddNode("Sub", [phase, graph.FloatScalar(prefix + "_fold_two", 2f)])]);
        return graph.AddNode("Sub", [one, distance]);
    }

    // l_j(t) = prod_{m != j} (t - X_m) / prod_{m != j} (X_j - X_m): the offsets t - X_m, (B, in, n), are
    // gathered n - 1 times (the p-th factor of every j) and multiplied, so no (n, n) table is built.
    private static string EmitLagrange(OnnxGraphBuilder graph, string t, int n, string prefix)
    {
        double[] nodes = LagrangeBasis.ChebyshevLobattoNodes(n);
        string offsets = graph.AddNode("Sub", [graph.AddNode("Unsqueeze", [t, graph.Int64Constant(prefix + "_basis_axis", -1)]),
            graph.AddInitializer(prefix + "_nodes", nodes.Select(node => (float)node).ToArray(), n)]); // (B, in, n)
        if (n == 1)
        {
            return graph.AddNode("Add", [graph.AddNode("Mul", [offsets, graph.FloatScalar(prefix + "_zero", 0f)]), graph.FloatScalar(prefix + "_unit", 1f)]); // l_0 = 1
        }
        var inverseDenominators = new float[n];
        var factors = new long[n - 1][];
        for (int p = 0; p < n - 1; p++)
        {
            factors[p] = new long[n];
        }
        for (int j = 0; j < n; j++)
        {
            double denominator = 1.0;
            int p = 0;
            for (int m = 0; m < n; m++)
            {
                if (m != j)
                {
                    denominator *= nodes[j] - nodes[m];
                    factors[p++][j] = m;
                }
            }
            inverseDenominators[j] = (float)(1.0 / denominator);
        }
        string basis = graph.AddInitializer(prefix + "_inverse_denominators", inverseDenominators, n);
        for (int p = 0; p < n - 1; p++)
        {
            string factor = graph.AddNode("Gather", [offsets, graph.AddInitializer(prefix + $"_factor{p}", factors[p], n)], null, OnnxAttributes.Int("axis", -1));
            basis = graph.AddNode("Mul", [factor, basis]);                                          // (B, in, n)
        }
        return basis;
    }

    // basis_j = a_j sin(w_j t + p_j): j = 0 is the constant 1/2, odd j sin(pi k t), even j cos(pi k t), k = (j+1)/2.
    private static string EmitFourier(OnnxGraphBuilder graph, string t, int n, string prefix)
    {
        var frequency = new float[n];
        var phase = new float[n];
        var amplitude = new float[n];
        for (int j = 0; j < n; j++)
        {
            frequency[j] = (float)(Math.PI * ((j + 1) / 2));
            phase[j] = j % 2 == 1 ? 0f : (float)(Math.PI / 2);
            amplitude[j] = j == 0 ? 0.5f : 1f;
        }
        string angle = graph.AddNode("Add", [
            graph.AddNode("Mul", [graph.AddNode("Unsqueeze", [t, graph.Int64Constant(prefix + "_basis_axis", -1)]), graph.AddInitializer(prefix + "_frequency", frequency, n)]),
            graph.AddInitializer(prefix + "_phase", phase, n)]);                                     // (B, in, n)
        return graph.AddNode("Mul", [graph.AddNode("Sin", [angle]), graph.AddInitializer(prefix + "_amplitude", amplitude, n)]);
    }
}
