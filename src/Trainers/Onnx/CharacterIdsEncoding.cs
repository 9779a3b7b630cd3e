using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Trainers.Onnx;

/// <summary>
/// The input encoding of the deployment form (<see cref="OnnxInputForm.CharacterIds"/>), shared by every
/// exporter so that all exported models read their input the same way: the <c>CharacterIds</c> input
/// (int64, (batch, N)), clamped into the vocabulary, then each id's network input value looked up in a
/// table of the vocabulary's <see cref="CharacterVocabulary.InputValues"/>.
/// </summary>
public static class CharacterIdsEncoding
{
    /// <summary>Declares the <c>CharacterIds</c> input and clamps ids outside the vocabulary to its first or last id.</summary>
    /// <returns>The clamped ids, int64 (batch, N).</returns>
    public static string EmitClampedIds(OnnxGraphBuilder graph, CharacterVocabulary vocabulary, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return EmitClampedIds(graph, vocabulary.Count, windowSize);
    }

    /// <summary>Declares the <c>CharacterIds</c> input and clamps ids outside a vocabulary of <paramref name="vocabularySize"/>.</summary>
    /// <returns>The clamped ids, int64 (batch, N).</returns>
    public static string EmitClampedIds(OnnxGraphBuilder graph, int vocabularySize, int windowSize)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSize, 1);
        string ids = graph.AddInput(OnnxNames.CharacterIds, DataType.Int64, OnnxNames.Batch, (long)windowSize);
        return EmitClamp(graph, vocabularySize, ids);                                                    // (B, N)
    }

    /// <summary>Clamps int64 ids into a vocabulary of <paramref name="vocabularySize"/> (to its first or last id).</summary>
    public static string EmitClamp(OnnxGraphBuilder graph, int vocabularySize, string ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        return graph.AddNode("Clip", [ids, graph.AddInitializer(OnnxTensors.Int64("id_min", [0])),
            graph.AddInitializer(OnnxTensors.Int64("id_max", [vocabularySize - 1]))]);
    }

    /// <summary>Looks up the network input value of every id.</summary>
    /// <param name="graph">The graph.</param>
    /// <param name="vocabulary">The vocabulary whose input values are looked up.</param>
    /// <param name="ids">Ids inside the vocabulary, int64 (batch, N).</param>
    /// <returns>The input values, float (batch, N).</returns>
    public static string EmitInputValues(OnnxGraphBuilder graph, CharacterVocabulary vocabulary, string ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(vocabulary);
        return graph.AddNode("Gather", [graph.AddInitializer("input_values", vocabulary.InputValues(), vocabulary.Count), ids],
            null, OnnxAttributes.Int("axis", 0));                                                         // (B, N)
    }

    /// <summary>Both steps: the <c>CharacterIds</c> input in, the input values (float, (batch, N)) out.</summary>
    public static string Emit(OnnxGraphBuilder graph, CharacterVocabulary vocabulary, int windowSize) =>
        EmitInputValues(graph, vocabulary, EmitClampedIds(graph, vocabulary, windowSize));
}
