using LanguageInterpolation.Trainers.Networks;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// Trains the bag-of-characters baseline, averaged character embeddings followed by a ReLU MLP, as an ML.NET multiclass trainer: reads <c>CharacterIds</c> and <c>Label</c>, writes
/// <c>Score</c> and <c>PredictedLabel</c>.
/// </summary>
/// <remarks>
/// | Trainer characteristics | |
/// |---|---|
/// | Machine learning task | Multiclass classification (next character) |
/// | Is normalization required? | No (it reads character ids; the network encodes them itself) |
/// | Is caching required? | No (the rows are read once into tensors) |
/// | Required NuGet in addition to Microsoft.ML | TorchSharp, libtorch-cpu-linux-x64 (or a CUDA libtorch), Microsoft.ML.OnnxTransformer |
/// | Exportable to ONNX | Yes (<see cref="NetworkModel.ExportOnnx"/>) |
/// </remarks>
public sealed class EmbeddingBagMlpTrainer : NetworkTrainerBase
{
    internal EmbeddingBagMlpTrainer(IHostEnvironment environment, MLContext components, Options options) : base(environment, components, options)
    {
    }

    /// <summary>Options of <see cref="EmbeddingBagMlpTrainer"/>.</summary>
    public sealed class Options : NetworkTrainerOptions
    {
        /// <summary>The architecture; its input and output widths come from the data.</summary>
        public EmbeddingBagMlpConfig Network { get; set; } = new();

        internal override NetworkConfig Architecture => Network;
    }
}
