using System.Globalization;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Exports the LightGBM baseline (or any fitted pipeline whose part after the featurizer ML.NET's
/// <c>ConvertToOnnx</c> can convert) with the same input/output contract as the networks, so that one
/// consumer serves both.
/// </summary>
/// <remarks>
/// Steps: ML.NET converts only the transformers after the featurizer (it cannot convert the featurizer, a
/// custom mapping), from a schema with just <c>Features</c> and <c>CharacterIds</c> and no <c>Label</c>, so
/// that its graph reads nothing else. That graph (opset 12, IR 6) is embedded under the prefix
/// <c>mlnet.</c> behind the deployment encoding (<see cref="CharacterIdsEncoding"/>: <c>CharacterIds</c>
/// -> clamp -> input values -> <c>Features</c>; the one-hot variant reads the clamped ids). Its
/// <c>Score.output</c> becomes <c>Score</c>; its <c>PredictedLabel.output</c> (a 1-based key as uint32, or
/// a character as string, shape (batch, 1)) becomes the 0-based int64 class id <c>PredictedLabel</c>
/// (batch). Every tree ensemble gets its input flattened to (batch, features): ML.NET feeds the one-hot
/// encoder's (batch, N, V) straight into the trees, which ONNX Runtime reads correctly only one row at a
/// time. Nodes that no output needs (ML.NET's pass-through and slot-name outputs) are removed, the
/// operators are checked to mean the same under opset 17 (<see cref="OnnxOpsetUpgrade"/>), and the model
/// is written as IR 8, opset 17, ai.onnx.ml 2 with this project's metadata. ML.NET's trees themselves are
/// rewritten from the model (<see cref="TreeEnsembleOnnx"/>): its conversion cannot express the categorical
/// splits of the one-hot variant.
/// </remarks>
public static class LightGbmOnnxExporter
{
    /// <summary>The <c>li.network</c> value of models exported here.</summary>
    public const string NetworkName = "lightgbm";

    /// <summary>Prefix of every name taken from ML.NET's graph.</summary>
    public const string EmbeddedPrefix = "mlnet.";

    /// <summary>Builds the model.</summary>
    /// <param name="fittedPipeline">The fitted pipeline: the featurizer, then the trainer's transformers.</param>
    /// <param name="vocabulary">The vocabulary the pipeline was trained with.</param>
    /// <param name="windowSize">Context characters per window.</param>
    /// <param name="metadata">Further metadata properties (window kind, training summary...).</param>
    /// <exception cref="NotSupportedException">The pipeline has another shape, or ML.NET cannot convert its scoring part.</exception>
    public static ModelProto Export(ITransformer fittedPipeline, CharacterVocabulary vocabulary, int windowSize,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(fittedPipeline);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var parts = FeaturizedPipeline.Split(fittedPipeline, windowSize);
        ModelProto converted = ConvertScoring(parts, windowSize);
        OnnxOpsetUpgrade.MoveAxesToInputs(converted);
        OnnxOpsetUpgrade.CheckUpgradable(converted, "ML.NET's conversion of " + FeaturizedPipeline.Describe(parts.ScoringChain()));
        if (TreeEnsembleOnnx.HasTrees(converted.Graph))
        {
            TreeEnsembleOnnx.Rewrite(converted.Graph, parts.ScoringLeaves().Last(IsMulticlassPredictor));
            FlattenTreeEnsembleInputs(converted.Graph);
        }

        var graph = new OnnxGraphBuilder(NetworkName);
        string ids = CharacterIdsEncoding.EmitClampedIds(graph, vocabulary, windowSize);              // (B, N)
        string features = CharacterIdsEncoding.EmitInputValues(graph, vocabulary, ids);               // (B, N)
        Func<string, string> embedded = graph.Embed(converted.Graph, EmbeddedPrefix, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CharacterWindowColumns.Features] = features,
            [CharacterWindowColumns.CharacterIds] = ids,
        });
        ValueInfoProto score = FindOutput(converted.Graph, CharacterWindowColumns.Score);
        CheckScore(score, vocabulary.Count);
        graph.AddNode("Identity", [embedded(score.Name)], OnnxNames.Score);                             // (B, V)
        EmitPredictedLabel(graph, FindOutput(converted.Graph, CharacterWindowColumns.PredictedLabel), embedded, vocabulary);
        graph.AddOutput(OnnxNames.Score, DataType.Float, OnnxNames.Batch, (long)vocabulary.Count);
        graph.AddOutput(OnnxNames.PredictedLabel, DataType.Int64, OnnxNames.Batch);
        DeclareMlOutputTypes(graph.Graph);
        OnnxGraphEdits.Prune(graph.Graph);

        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = windowSize.ToString(CultureInfo.InvariantCulture),
            [OnnxNames.InputFormKey] = OnnxInputForm.CharacterIds.ToString(),
            [OnnxNames.NetworkKey] = NetworkName,
        };
        VocabularyMetadata.Add(properties, vocabulary);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        return graph.Build(properties);
    }

    /// <summary>Whether a transformer is ML.NET's multiclass prediction transformer (what a multiclass trainer's Fit returns).</summary>
    internal static bool IsMulticlassPredictor(ITransformer transformer)
    {
        for (Type? type = transformer.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(MulticlassPredictionTransformer<>))
            {
                return true;
            }
        }
        return false;
    }

    private static ModelProto ConvertScoring(FeaturizedPipeline parts, int windowSize)
    {
        var mlContext = new MLContext(seed: 0);
        var definition = SchemaDefinition.Create(typeof(ScoringInputRow));
        definition[nameof(ScoringInputRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, windowSize);
        definition[nameof(ScoringInputRow.CharacterIds)].ColumnType = new VectorDataViewType(NumberDataViewType.Int64, windowSize);
        IDataView input = mlContext.Data.LoadFromEnumerable(Array.Empty<ScoringInputRow>(), definition);
        ITransformer scoring = parts.ScoringChain();
        using var stream = new MemoryStream();
        try
        {
            mlContext.Model.ConvertToOnnx(scoring, input, stream);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new NotSupportedException(
                $"ML.NET cannot convert the scoring part of the pipeline ({FeaturizedPipeline.Describe(scoring)}) to ONNX: {error.Message}", error);
        }
        return OnnxModelFile.Parse(stream.ToArray(), "ML.NET's ONNX conversion");
    }

    // ONNX Runtime's tree ensembles index features as row * shape[1] + feature, which is right for
    // (batch, features) only; Flatten(axis 1) is the identity there and repairs (batch, N, V).
    private static void FlattenTreeEnsembleInputs(GraphProto graph)
    {
        var names = graph.Node.SelectMany(node => node.Output).Concat(graph.Input.Select(input => input.Name))
            .Concat(graph.Initializer.Select(tensor => tensor.Name)).ToHashSet(StringComparer.Ordinal);
        var flattened = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            if (node.Domain != OnnxGraphBuilder.MlDomain || !node.OpType.StartsWith("TreeEnsemble", StringComparison.Ordinal))
            {
                continue;
            }
            string input = node.Input[0];
            if (!flattened.TryGetValue(input, out string? flat))
            {
                flat = input + ".flat";
                while (!names.Add(flat))
                {
                    flat += "_";
                }
                var flatten = new NodeProto { OpType = "Flatten", Name = flat + ".node" };
                flatten.Input.Add(input);
                flatten.Output.Add(flat);
                flatten.Attribute.Add(OnnxAttributes.Int("axis", 1));
                graph.Node.Insert(i, flatten);
                flattened[input] = flat;
                i++;
            }
            node.Input[0] = flat;
        }
    }

    // onnx 1.12's shape inference knows no output type for TreeEnsembleRegressor and OneHotEncoder, so its
    // full check fails on every node after them; both write float: (batch, n_targets) and (input..., V).
    private static void DeclareMlOutputTypes(GraphProto graph)
    {
        foreach (NodeProto node in graph.Node.Where(node => node.Domain == OnnxGraphBuilder.MlDomain))
        {
            if (node.OpType == "TreeEnsembleRegressor")
            {
                long targets = node.Attribute.FirstOrDefault(attribute => attribute.Name == "n_targets")?.I ?? 1;
                graph.ValueInfo.Add(OnnxGraphBuilder.ValueInfo(node.Output[0], DataType.Float, OnnxNames.Batch, targets));
            }
            else if (node.OpType == "OneHotEncoder")
            {
                graph.ValueInfo.Add(new ValueInfoProto
                {
                    Name = node.Output[0],
                    Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
                });
            }
        }
    }

    private static ValueInfoProto FindOutput(GraphProto graph, string column) =>
        graph.Output.FirstOrDefault(output => output.Name == column + ".output")
        ?? graph.Output.FirstOrDefault(output => output.Name == column)
        ?? throw new NotSupportedException(
            $"ML.NET's ONNX conversion has no '{column}' output (outputs: {string.Join(", ", graph.Output.Select(output => output.Name))}).");

    private static void CheckScore(ValueInfoProto score, int classes)
    {
        var tensor = score.Type?.TensorType;
        long width = tensor?.Shape?.Dim.LastOrDefault()?.DimValue ?? 0;
        if (tensor is null || tensor.ElemType != (int)DataType.Float || width != classes)
        {
            throw new NotSupportedException(
                $"ML.NET's '{score.Name}' is not a float vector of the {classes} vocabulary classes (element type {tensor?.ElemType}, last dimension {width}).");
        }
    }

    // ML.NET writes the predicted key (1-based, 0 = missing) as uint32 (batch, 1), or the class's
    // character as a string when the key was mapped back to its value.
    private static void EmitPredictedLabel(OnnxGraphBuilder graph, ValueInfoProto predicted, Func<string, string> embedded, CharacterVocabulary vocabulary)
    {
        string label = embedded(predicted.Name);
        string ids = (DataType)(predicted.Type?.TensorType?.ElemType ?? 0) switch
        {
            DataType.Uint32 or DataType.Uint64 or DataType.Int32 or DataType.Int64 => graph.AddNode("Sub", [
                graph.AddNode("Cast", [label], null, OnnxAttributes.Int("to", (long)DataType.Int64)),
                graph.AddInitializer(OnnxTensors.Int64("key_offset", [1]))]),                            // (B, 1), 0-based
            DataType.String => graph.AddNode("LabelEncoder", [label], [graph.UniqueName("label_ids")], OnnxGraphBuilder.MlDomain,
                OnnxAttributes.Strings("keys_strings", vocabulary.Characters.Select(character => character.ToString())),
                OnnxAttributes.Ints("values_int64s", Enumerable.Range(0, vocabulary.Count).Select(id => (long)id)),
                OnnxAttributes.Int("default_int64", -1))[0],                                               // (B, 1)
            var other => throw new NotSupportedException($"ML.NET's '{predicted.Name}' has element type {other}; expected a key (uint32) or a string."),
        };
        graph.AddNode("Reshape", [ids, graph.Int64Constant("label_shape", -1)], OnnxNames.PredictedLabel); // (B)
    }

    private sealed class ScoringInputRow
    {
        public float[] Features { get; set; } = [];

        public long[] CharacterIds { get; set; } = [];
    }
}
