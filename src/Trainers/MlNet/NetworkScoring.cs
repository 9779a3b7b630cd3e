using LanguageInterpolation.Transforms.Mappings;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// The scoring half of a network trainer, built only from components ML.NET can save: its own
/// <c>ApplyOnnxModel</c> over the exported network (<c>Features</c> -> <c>Score</c>; ML.NET stores the
/// ONNX bytes inside the model zip and can run them on a GPU), a stateless argmax
/// (<see cref="PredictedIdMapping"/>), and <c>MapValueToKey</c> to make <c>PredictedLabel</c> a key over
/// the same classes as <c>Label</c>, as <c>MulticlassClassification.Evaluate</c> requires.
/// </summary>
internal static class NetworkScoring
{
    public static IEstimator<ITransformer> Create(MLContext mlContext, byte[] rowGraph, string featureColumn, int classes)
    {
        IDataView classIds = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, classes).Select(id => new ClassIdRow { Id = (uint)id }));
        return mlContext.Transforms.ApplyOnnxModel(
                [CharacterWindowColumns.Score], [featureColumn], new MemoryStream(rowGraph),
                shapeDictionary: null, gpuDeviceId: null, fallbackToCpu: true, recursionLimit: 100)
            .Append(mlContext.Transforms.CustomMapping(new PredictedIdMapping().GetMapping(), PredictedIdMapping.ContractName))
            .Append(mlContext.Transforms.Conversion.MapValueToKey(CharacterWindowColumns.PredictedLabel, PredictedIdMapping.IdColumn, keyData: classIds))
            .Append(mlContext.Transforms.DropColumns(PredictedIdMapping.IdColumn));
    }

    private sealed class ClassIdRow
    {
        public uint Id { get; set; }
    }
}
