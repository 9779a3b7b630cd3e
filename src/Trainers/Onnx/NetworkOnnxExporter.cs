using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Transforms.Onnx;
using LanguageInterpolation.Transforms.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using DataType = LanguageInterpolation.Transforms.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>
/// Exports a trained network as an ONNX model (IR 8, opset 17) that computes exactly its forward pass,
/// followed by a softmax (<c>Score</c>) and, for batched forms, an argmax (<c>PredictedLabel</c>). With the
/// <see cref="OnnxInputForm.CharacterIds"/> form the vocabulary encoding is inside the graph (a lookup of
/// each id's input value), so a consumer only maps characters to ids, and the vocabulary travels in the
/// metadata. Every network kind, link kind, out-of-range policy and normalisation of this project has an
/// ONNX form; anything else fails here with <see cref="NotSupportedException"/>, before a file exists.
/// </summary>
public static class NetworkOnnxExporter
{
    /// <summary>Builds the model.</summary>
    /// <param name="network">The trained network (any device).</param>
    /// <param name="form">The input form.</param>
    /// <param name="vocabulary">The vocabulary (required for <see cref="OnnxInputForm.CharacterIds"/>; its size must be the network's output width).</param>
    /// <param name="metadata">Extra metadata properties (window kind, training summary...).</param>
    public static ModelProto Export(LanguageNetwork network, OnnxInputForm form, CharacterVocabulary? vocabulary, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkConfig config = network.Config;
        if (vocabulary is not null && vocabulary.Count != config.OutputWidth)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {config.OutputWidth} classes.", nameof(vocabulary));
        }
        var graph = new OnnxGraphBuilder(config.NetworkType);
        string features = EmitInput(graph, form, config, vocabulary);                                  // (B, N)
        string logits = EmitNetwork(graph, network, features);                                          // (B, V)
        string score = graph.AddNode("Softmax", [logits], form == OnnxInputForm.FeaturesRow ? null : OnnxNames.Score, OnnxAttributes.Int("axis", -1));
        if (form == OnnxInputForm.FeaturesRow)
        {
            graph.AddNode("Squeeze", [score, graph.Int64Constant("row_axis", 0)], OnnxNames.Score);
            graph.AddOutput(OnnxNames.Score, DataType.Float, (long)config.OutputWidth);
        }
        else
        {
            graph.AddNode("ArgMax", [logits], OnnxNames.PredictedLabel, OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("keepdims", 0));
            graph.AddOutput(OnnxNames.Score, DataType.Float, OnnxNames.Batch, (long)config.OutputWidth);
            graph.AddOutput(OnnxNames.PredictedLabel, DataType.Int64, OnnxNames.Batch);
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = config.InputWidth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [OnnxNames.InputFormKey] = form.ToString(),
            [OnnxNames.NetworkKey] = NetworkJson.Serialize(config),
        };
        if (vocabulary is not null)
        {
            VocabularyMetadata.Add(properties, vocabulary);
        }
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            properties[key] = value;
        }
        return graph.Build(properties);
    }

    private static string EmitInput(OnnxGraphBuilder graph, OnnxInputForm form, NetworkConfig config, CharacterVocabulary? vocabulary)
    {
        switch (form)
        {
            case OnnxInputForm.CharacterIds:
                if (vocabulary is null)
                {
                    throw new ArgumentException("The CharacterIds form needs the vocabulary (it encodes ids inside the graph).", nameof(vocabulary));
                }
                return CharacterIdsEncoding.Emit(graph, vocabulary, config.InputWidth);                  // (B, N)
            case OnnxInputForm.Features:
                return graph.AddInput(OnnxNames.Features, DataType.Float, OnnxNames.Batch, (long)config.InputWidth);
            case OnnxInputForm.FeaturesRow:
                string row = graph.AddInput(OnnxNames.Features, DataType.Float, (long)config.InputWidth);
                return graph.AddNode("Unsqueeze", [row, graph.Int64Constant("batch_axis", 0)]);        // (1, N)
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown input form.");
        }
    }

    private static string EmitNetwork(OnnxGraphBuilder graph, LanguageNetwork network, string features) => network switch
    {
        HighOrderMlp mlp => EmitHighOrderMlp(graph, mlp, features),
        HighOrderInputMlp inputMlp => LowOrderMlpOnnx.Emit(graph, inputMlp.Mlp,
            NormalizationOnnx.Emit(graph, inputMlp.Normalization, HighOrderLayerOnnx.Emit(graph, inputMlp.InputLayer, features, "input"), "norm"), "mlp"),
        ReluMlp relu => LowOrderMlpOnnx.Emit(graph, relu.Mlp, features, "mlp"),
        EmbeddingBagMlp bag => LowOrderMlpOnnx.Emit(graph, bag.Mlp, NormalizationOnnx.Emit(graph, bag.Normalization, EmitBag(graph, bag, features), "norm"), "mlp"),
        _ => throw new NotSupportedException($"Network {network.GetType().Name} has no ONNX form."),
    };

    private static string EmitHighOrderMlp(OnnxGraphBuilder graph, HighOrderMlp mlp, string features)
    {
        string h = HighOrderLayerOnnx.Emit(graph, mlp.InputLayer, features, "input");                    // (B, width)
        for (int layer = 0; layer < mlp.HiddenLayers.Count; layer++)
        {
            string normalized = NormalizationOnnx.Emit(graph, mlp.NormalizationsBeforeHidden[layer], h, $"norm{layer}");
            string f = HighOrderLayerOnnx.Emit(graph, mlp.HiddenLayers[layer], normalized, $"hidden{layer}");
            h = mlp.Residual ? graph.AddNode("Add", [h, f]) : f;
        }
        string last = NormalizationOnnx.Emit(graph, mlp.NormalizationBeforeOutput, h, $"norm{mlp.HiddenLayers.Count}");
        return HighOrderLayerOnnx.Emit(graph, mlp.OutputLayer, last, "output");                         // (B, V)
    }

    // ids = clip(round((x + 1) V/2 - 1/2), 0, V-1); bag = mean over positions of E[ids].
    private static string EmitBag(OnnxGraphBuilder graph, EmbeddingBagMlp bag, string features)
    {
        int classes = bag.Config.OutputWidth;
        string scaled = graph.AddNode("Sub", [
            graph.AddNode("Mul", [graph.AddNode("Add", [features, graph.FloatScalar("bag_one", 1f)]), graph.FloatScalar("bag_half_classes", classes / 2f)]),
            graph.FloatScalar("bag_half", 0.5f)]);
        string ids = graph.AddNode("Cast", [graph.AddNode("Clip", [graph.AddNode("Round", [scaled]), graph.FloatScalar("bag_min", 0f), graph.FloatScalar("bag_max", classes - 1)])],
            null, OnnxAttributes.Int("to", (long)DataType.Int64));                                     // (B, N)
        string table = graph.AddInitializer("embedding", TensorValues.Of(bag.Embedding), bag.Embedding.shape[0], bag.Embedding.shape[1]);
        string embedded = graph.AddNode("Gather", [table, ids], null, OnnxAttributes.Int("axis", 0));   // (B, N, width)
        return graph.AddNode("ReduceMean", [embedded], null, OnnxAttributes.Ints("axes", [1]), OnnxAttributes.Int("keepdims", 0)); // (B, width)
    }
}
