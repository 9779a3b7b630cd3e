using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// ML.NET scoring over an ONNX graph that writes <c>Score</c>, built only from components ML.NET can save:
/// its own <c>ApplyOnnxModel</c> (ML.NET stores the ONNX bytes inside the model zip and can run them on a
/// GPU), a stateless argmax (<see cref="PredictedIdMapping"/>), and <c>MapValueToKey</c> to make
/// <c>PredictedLabel</c> a key over the same classes as <c>Label</c>, as
/// <c>MulticlassClassification.Evaluate</c> requires. The network trainers score through it, and so does
/// the ML.NET path over exported models (whose graph also writes <c>PredictedLabel</c>, which ML.NET would
/// read as a one-element int64 vector, not a key: it is not requested).
/// </summary>
public static class NetworkScoring
{
    /// <summary>Builds the scoring estimator.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="graph">ONNX bytes of a graph that reads <paramref name="featureColumn"/> (one row) and writes <c>Score</c> ((V) or (1, V)).</param>
    /// <param name="featureColumn">The input column, named as the graph's input.</param>
    /// <param name="classes">V, the number of classes.</param>
    /// <param name="gpuDeviceId">CUDA device to run on; pass one only where ONNX Runtime lists the CUDA provider
    /// (with the CPU package, any device id throws <see cref="EntryPointNotFoundException"/>).</param>
    public static IEstimator<ITransformer> Create(MLContext mlContext, byte[] graph, string featureColumn, int classes, int? gpuDeviceId = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        IDataView classIds = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, classes).Select(id => new ClassIdRow { Id = (uint)id }));
        return mlContext.Transforms.ApplyOnnxModel(
                [CharacterWindowColumns.Score], [featureColumn], new MemoryStream(graph),
                shapeDictionary: null, gpuDeviceId: gpuDeviceId, fallbackToCpu: true, recursionLimit: 100)
            .Append(mlContext.Transforms.CustomMapping(new PredictedIdMapping().GetMapping(), PredictedIdMapping.ContractName))
            .Append(mlContext.Transforms.Conversion.MapValueToKey(CharacterWindowColumns.PredictedLabel, PredictedIdMapping.IdColumn, keyData: classIds))
            .Append(mlContext.Transforms.DropColumns(PredictedIdMapping.IdColumn));
    }

    private sealed class ClassIdRow
    {
        public uint Id { get; set; }
    }
}
