using LanguageInterpolation.Common.Onnx.Proto;

namespace LanguageInterpolation.Common.Onnx;

/// <summary>
/// Decides whether the nodes of a model written for older opsets (ML.NET's ONNX converter writes
/// opset 12 and ai.onnx.ml 2) mean the same under the opsets <see cref="OnnxGraphBuilder"/> writes
/// (<see cref="OnnxGraphBuilder.Opset"/> and <see cref="OnnxGraphBuilder.MlOpset"/>), so that they can be
/// copied into a graph built here. Operators whose inputs, attributes and results did not change between
/// opset 11 and 17 are accepted as they are (their newer versions only added element types); Squeeze,
/// Unsqueeze and ReduceSum, which took their axes as an input instead of an attribute from opset 13, are
/// rewritten to that form by <see cref="MoveAxesToInputs"/>; operators that changed otherwise (Softmax's axis
/// semantics in 13, Split, Resize, BatchNormalization, Dropout...) and every operator not listed are refused
/// by name rather than silently reinterpreted.
/// </summary>
public static class OnnxOpsetUpgrade
{
    /// <summary>The oldest default-domain opset accepted.</summary>
    public const long MinimumOpset = 11;

    /// <summary>Default-domain operators whose meaning is the same from opset 11 to 17.</summary>
    public static IReadOnlySet<string> UnchangedOperators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Abs", "Add", "And", "ArgMax", "ArgMin", "Cast", "Ceil", "Clip", "Concat", "Constant", "ConstantOfShape",
        "Div", "Equal", "Erf", "Exp", "Expand", "Flatten", "Floor", "Gather", "GatherElements", "Gemm", "Greater",
        "GreaterOrEqual", "Identity", "IsNaN", "Less", "LessOrEqual", "Log", "MatMul", "Max", "Mean", "Min", "Mod",
        "Mul", "Neg", "Not", "OneHot", "Or", "Pow", "Range", "Reciprocal", "Relu", "Reshape", "Round", "Shape",
        "Sigmoid", "Sign", "Size", "Slice", "Sqrt", "Sub", "Sum", "Tanh", "Tile", "Transpose", "Where", "Xor",
    };

    /// <summary>ai.onnx.ml operators whose meaning is the same in ai.onnx.ml 1 and 2 (LabelEncoder only from 2).</summary>
    public static IReadOnlySet<string> UnchangedMlOperators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ArrayFeatureExtractor", "Binarizer", "CategoryMapper", "FeatureVectorizer", "Imputer", "LabelEncoder",
        "LinearClassifier", "LinearRegressor", "Normalizer", "OneHotEncoder", "Scaler", "TreeEnsembleClassifier",
        "TreeEnsembleRegressor", "ZipMap",
    };

    /// <summary>Operators that took their <c>axes</c> from an attribute before opset 13 and from an input since.</summary>
    public static IReadOnlySet<string> AxesInputOperators { get; } = new HashSet<string>(StringComparer.Ordinal) { "ReduceSum", "Squeeze", "Unsqueeze" };

    /// <summary>
    /// Rewrites every <see cref="AxesInputOperators"/> node that carries an <c>axes</c> attribute into the
    /// opset-13 form: the axes become an int64 initializer passed as the second input. Nodes already in that
    /// form are left alone.
    /// </summary>
    public static void MoveAxesToInputs(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        int count = 0;
        foreach (NodeProto node in model.Graph.Node.Where(node => node.Domain.Length == 0 && AxesInputOperators.Contains(node.OpType)))
        {
            AttributeProto? axes = node.Attribute.FirstOrDefault(attribute => attribute.Name == "axes");
            if (axes is null)
            {
                continue;
            }
            string name = $"{node.OpType.ToLowerInvariant()}_axes_{count++}_{Guid.NewGuid():N}";
            model.Graph.Initializer.Add(OnnxTensors.Int64(name, [.. axes.Ints], axes.Ints.Count));
            node.Input.Add(name);
            node.Attribute.Remove(axes);
        }
    }

    /// <summary>Throws unless every node of <paramref name="model"/> means the same under the opsets written here.</summary>
    /// <exception cref="NotSupportedException">Names the opsets or operators that cannot be carried over.</exception>
    public static void CheckUpgradable(ModelProto model, string origin)
    {
        ArgumentNullException.ThrowIfNull(model);
        long opset = model.OpsetImport.FirstOrDefault(import => import.Domain.Length == 0 || import.Domain == "ai.onnx")?.Version ?? 0;
        long mlOpset = model.OpsetImport.FirstOrDefault(import => import.Domain == OnnxGraphBuilder.MlDomain)?.Version ?? 0;
        var problems = new List<string>();
        if (opset is < MinimumOpset or > OnnxGraphBuilder.Opset)
        {
            problems.Add($"default-domain opset {opset} (supported: {MinimumOpset} to {OnnxGraphBuilder.Opset})");
        }
        if (mlOpset > OnnxGraphBuilder.MlOpset)
        {
            problems.Add($"ai.onnx.ml opset {mlOpset} (supported: up to {OnnxGraphBuilder.MlOpset})");
        }
        var refused = new SortedSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in model.Graph.Node)
        {
            bool known = node.Domain switch
            {
                "" or "ai.onnx" => UnchangedOperators.Contains(node.OpType)
                    || (AxesInputOperators.Contains(node.OpType) && node.Attribute.All(attribute => attribute.Name != "axes")),
                OnnxGraphBuilder.MlDomain => UnchangedMlOperators.Contains(node.OpType) && (node.OpType != "LabelEncoder" || mlOpset == OnnxGraphBuilder.MlOpset),
                _ => false,
            };
            if (!known)
            {
                refused.Add(node.Domain.Length == 0 ? node.OpType : $"{node.Domain}.{node.OpType}");
            }
        }
        if (refused.Count > 0)
        {
            problems.Add($"operators without a verified opset-{OnnxGraphBuilder.Opset} form: {string.Join(", ", refused)}");
        }
        if (problems.Count > 0)
        {
            throw new NotSupportedException($"Cannot carry the graph of {origin} over to opset {OnnxGraphBuilder.Opset}: {string.Join("; ", problems)}.");
        }
    }
}
