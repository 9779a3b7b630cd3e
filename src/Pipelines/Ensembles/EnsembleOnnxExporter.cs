using System.Globalization;
using System.Text.Json;
using LanguageInterpolation.Common.IO;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Pipelines.OnnxInference;
using LanguageInterpolation.Trainers.Onnx;
using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Common.Onnx.Proto;
using DataType = LanguageInterpolation.Common.Onnx.Proto.TensorProto.Types.DataType;

namespace LanguageInterpolation.Pipelines.Ensembles;

/// <summary>
/// Exports an ensemble as one ONNX graph under the deployment contract (docs/onnx-contract.md), so that it runs
/// through <c>ApplyOnnxModel</c> + <c>PredictionEngine</c>, the batched scorer or any ONNX Runtime exactly like a
/// single model. One graph, with every member's own exported graph embedded (not member files plus a mixing
/// file): a deployment is one file with one contract, and each member appears once, so nothing is duplicated.
/// The graph reads a window of union ids (the longest member window) and, for every member m:
/// slices its last N_m ids, maps them to the member's ids with a Gather on a constant table (its context
/// mapping: a character it lacks becomes its unknown symbol or space), runs the member's graph, and carries its
/// distribution onto the union with a constant matrix (<see cref="MemberProjection"/> is linear in the
/// probabilities). The static mixture Σ_m w_m p_m is the <c>Score</c>; no run-time shape operator is used.
/// </summary>
public static class EnsembleOnnxExporter
{
    /// <summary>The ensemble's ONNX model (static mixture).</summary>
    public static ModelProto ToOnnx(LoadedEnsemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        CharacterVocabulary union = ensemble.Vocabulary;
        int window = ensemble.WindowSize;
        var graph = new OnnxGraphBuilder("ensemble");
        string ids = CharacterIdsEncoding.EmitClampedIds(graph, union, window);                          // (B, N) union ids
        string? mixture = null;
        for (int m = 0; m < ensemble.Members.Count; m++)
        {
            LoadedMember member = ensemble.Members[m];
            CharacterVocabulary own = member.Model.Card.VocabularyObject;
            int size = member.Model.Card.WindowSize;
            ModelProto memberModel = LanguageModelExporter.ToOnnx(member.Model.Model, member.Model.Card);
            string tail = graph.AddNode("Slice", [ids, graph.Int64Constant($"m{m}_start", window - size),
                graph.Int64Constant($"m{m}_end", window), graph.Int64Constant($"m{m}_axis", 1)]);       // (B, N_m) union ids
            long[] table = union.Characters.Select(character => (long)own.IdOfContextCharacter(character)).ToArray();
            string memberIds = graph.AddNode("Gather", [graph.AddInitializer($"m{m}_ids", table, table.Length), tail]); // (B, N_m) member ids
            Func<string, string> embedded = graph.Embed(memberModel.Graph, $"m{m}.",
                new Dictionary<string, string>(StringComparer.Ordinal) { [OnnxNames.CharacterIds] = memberIds });
            // Embedding leaves the member's value types behind; the ONNX checker's strict inference needs them
            // for values it cannot infer itself (outputs of ai.onnx.ml tree ensembles).
            foreach (ValueInfoProto info in memberModel.Graph.ValueInfo.Concat(memberModel.Graph.Output))
            {
                ValueInfoProto copy = info.Clone();
                copy.Name = embedded(info.Name);
                graph.Graph.ValueInfo.Add(copy);
            }
            float[] projection = ProjectionMatrix(ensemble.Projections[m]);
            string projected = graph.AddNode("MatMul", [embedded(OnnxNames.Score),
                graph.AddInitializer($"m{m}_projection", projection, own.Count, union.Count)]);        // (B, V)
            string weighted = graph.AddNode("Mul", [projected, graph.FloatScalar($"m{m}_weight", (float)ensemble.FittedMixing.StaticWeights[m])]);
            mixture = mixture is null ? weighted : graph.AddNode("Add", [mixture, weighted]);           // (B, V)
        }
        graph.AddNode("Identity", [mixture!], OnnxNames.Score);                                          // (B, V)
        graph.AddNode("ArgMax", [mixture!], OnnxNames.PredictedLabel, OnnxAttributes.Int("axis", 1), OnnxAttributes.Int("keepdims", 0)); // (B)
        graph.AddOutput(OnnxNames.Score, DataType.Float, OnnxNames.Batch, (long)union.Count);
        graph.AddOutput(OnnxNames.PredictedLabel, DataType.Int64, OnnxNames.Batch);
        OnnxGraphEdits.Prune(graph.Graph);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [OnnxNames.WindowSizeKey] = window.ToString(CultureInfo.InvariantCulture),
            [OnnxNames.WindowKindKey] = nameof(Transforms.Windowing.WindowKind.Sequence),
            [OnnxNames.InputFormKey] = OnnxInputForm.CharacterIds.ToString(),
            [OnnxNames.NetworkKey] = "ensemble",
            [OnnxNames.TrainingKey] = JsonSerializer.Serialize(ensemble.Members.Select((member, m) => new
            {
                source = member.Member.Source,
                trainer = member.Member.Trainer,
                window_size = member.Member.WindowSize,
                weight = ensemble.FittedMixing.StaticWeights[m],
            })),
        };
        VocabularyMetadata.Add(properties, union);
        return graph.Build(properties);
    }

    /// <summary>Writes the ensemble's ONNX model and its JSON description next to it, each atomically.</summary>
    public static void Export(LoadedEnsemble ensemble, string path)
    {
        ModelProto model = ToOnnx(ensemble);
        string json = OnnxSidecarFile.Build(model, Path.GetFileName(path));
        OnnxModelFile.Write(model, path);
        AtomicFile.WriteAllText(OnnxSidecarFile.PathFor(path), json);
    }

    // Row i: the union distribution of a member that is sure of its class i. The projection is linear in the
    // member's probabilities (they sum to 1), so the matrix carries any member distribution onto the union.
    private static float[] ProjectionMatrix(MemberProjection projection)
    {
        int own = projection.Member.Count;
        int union = projection.Union.Count;
        var matrix = new float[own * union];
        var unit = new float[own];
        for (int i = 0; i < own; i++)
        {
            unit[i] = 1;
            for (int u = 0; u < union; u++)
            {
                matrix[i * union + u] = (float)projection.Probability(unit, u);
            }
            unit[i] = 0;
        }
        return matrix;
    }
}
