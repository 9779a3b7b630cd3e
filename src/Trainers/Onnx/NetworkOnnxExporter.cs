using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using LanguageInterpolation.Transforms.Vocabulary;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>
/// Exports a trained network as an ONNX model (IR 8, opset 17) that computes exactly its forward pass on
/// the character ids (clamped into the vocabulary), followed by a softmax (<c>Score</c>) and, for the
/// batched form, an argmax (<c>PredictedLabel</c>). The network's own part is written by its
/// <see cref="NetworkType"/> (<see cref="NetworkRegistry"/>); a sequence network is scored at its last
/// position. The vocabulary travels in the metadata. Anything without an ONNX form fails here, before a
/// file exists.
/// </summary>
public static class NetworkOnnxExporter
{
    /// <summary>Builds the model.</summary>
    /// <param name="network">The trained network (any device).</param>
    /// <param name="form">The input form.</param>
    /// <param name="vocabulary">The vocabulary written to the metadata (its size must be the network's vocabulary size), or null.</param>
    /// <param name="metadata">Extra metadata properties (window kind, training summary...).</param>
    public static ModelProto Export(LanguageNetwork network, OnnxInputForm form, CharacterVocabulary? vocabulary, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        NetworkConfig config = network.Config;
        if (vocabulary is not null && vocabulary.Count != config.VocabularySize)
        {
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} characters but the network predicts {config.VocabularySize} classes.", nameof(vocabulary));
        }
        NetworkType type = NetworkRegistry.Of(config);
        var graph = new OnnxGraphBuilder(config.NetworkType);
        string ids = EmitIds(graph, form, config);                                                       // (B, N)
        string logits = type.EmitOnnx(graph, network, ids);                                             // (B, V) or (B, N, V)
        if (network.Output == NetworkOutput.EveryPosition)
        {
            logits = graph.AddNode("Squeeze", [
                graph.AddNode("Slice", [logits, graph.Int64Constant("last_start", -1), graph.Int64Constant("last_end", long.MaxValue), graph.Int64Constant("last_axis", 1)]),
                graph.Int64Constant("position_axis", 1)]);                                             // (B, V)
        }
        bool oneRow = form is OnnxInputForm.CharacterIdsRow or OnnxInputForm.CharacterIdValuesRow;
        string score = graph.AddNode("Softmax", [logits], oneRow ? null : OnnxNames.Score, OnnxAttributes.Int("axis", -1));
        if (oneRow)
        {
            graph.AddNode("Squeeze", [score, graph.Int64Constant("row_axis", 0)], OnnxNames.Score);
            graph.AddOutput(OnnxNames.Score, DataType.Float, (long)config.VocabularySize);
        }
        else
        {
            graph.AddNode("ArgMax", [logits], OnnxNames.PredictedLabel, OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("keepdims", 0));
            graph.AddOutput(OnnxNames.Score, DataType.Float, OnnxNames.Batch, (long)config.VocabularySize);
            graph.AddOutput(OnnxNames.PredictedLabel, DataType.Int64, OnnxNames.Batch);
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = config.WindowSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    // The ids input, clamped into the vocabulary: (batch, N), or one (N) row made a batch of one.
    private static string EmitIds(OnnxGraphBuilder graph, OnnxInputForm form, NetworkConfig config)
    {
        switch (form)
        {
            case OnnxInputForm.CharacterIds:
                return CharacterIdsEncoding.EmitClampedIds(graph, config.VocabularySize, config.WindowSize);   // (B, N)
            case OnnxInputForm.CharacterIdsRow:
                string row = graph.AddInput(OnnxNames.CharacterIds, DataType.Int64, (long)config.WindowSize);
                string batch = graph.AddNode("Unsqueeze", [row, graph.Int64Constant("batch_axis", 0)]);     // (1, N)
                return CharacterIdsEncoding.EmitClamp(graph, config.VocabularySize, batch);
            case OnnxInputForm.CharacterIdValuesRow:
                string values = graph.AddInput(OnnxNames.CharacterIds, DataType.Float, (long)config.WindowSize);
                string ids = graph.AddNode("Cast", [graph.AddNode("Round", [values])], null, OnnxAttributes.Int("to", (long)DataType.Int64));
                return CharacterIdsEncoding.EmitClamp(graph, config.VocabularySize, graph.AddNode("Unsqueeze", [ids, graph.Int64Constant("batch_axis", 0)]));
            default:
                throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown input form.");
        }
    }
}
